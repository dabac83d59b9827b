package io.attnspark.jobs.score;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.ForcedScore;
import io.attnspark.decode.Hypothesis;
import io.attnspark.decode.Translator;
import io.attnspark.nn.LengthBatcher;
import io.attnspark.nn.TokenPair;
import io.attnspark.text.TextPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores one chunk of input records with one graph (plain Java, no Spark): tokenizes every source with
 * the model's pipeline exactly as prep did, sets aside the empty, too long and unreadable ones, sorts the
 * rest by length, decodes them {@code decode.batch-size} at a time with the library's {@link Translator}
 * (greedy for beam 1, else beam search; forced decoding in score mode) and returns one result per record
 * in input order. A batch that fails is retried one record at a time, so a failure marks only the
 * records that cause it as {@code error}. Not thread-safe (the graph is not).
 */
final class ChunkScorer {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkScorer.class);
    private final Translator translator;
    private final TextPipeline source;
    private final TextPipeline target;
    private final ScoreOptions options;
    private final DecodeConfig decode;

    ChunkScorer(ComputationGraph graph, TextPipeline source, TextPipeline target, ScoreOptions options) {
        this.decode = options.decode();
        this.translator = new Translator(graph, decode);
        this.source = source;
        this.target = target;
        this.options = options;
    }

    /** One result per record of {@code chunk}, in its order. */
    List<ScoreResult> score(List<ScoreInput> chunk) {
        ScoreResult[] out = new ScoreResult[chunk.size()];
        List<Integer> todo = new ArrayList<>();
        List<TokenPair> encoded = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            ScoreInput in = chunk.get(i);
            TokenPair pair = encode(in);
            if (pair == null) {
                out[i] = unreadable(in);
                continue;
            }
            String rejected = reject(pair);
            if (rejected != null) {
                out[i] = ScoreResult.notDecoded(in, pair.source().length == 0 ? ScoreStatus.EMPTY : ScoreStatus.TOO_LONG,
                        rejected, pair.source().length);
                continue;
            }
            todo.add(i);
            encoded.add(pair);
        }
        int[] lengths = new int[encoded.size()];
        for (int j = 0; j < lengths.length; j++) {
            lengths[j] = options.forced() ? encoded.get(j).paddedLength() : encoded.get(j).source().length;
        }
        for (int[] batch : LengthBatcher.byCount(lengths, decode.batchSize())) {
            List<ScoreInput> inputs = new ArrayList<>(batch.length);
            List<TokenPair> pairs = new ArrayList<>(batch.length);
            for (int j : batch) {
                inputs.add(chunk.get(todo.get(j)));
                pairs.add(encoded.get(j));
            }
            List<ScoreResult> results = decodeOrIsolate(inputs, pairs);
            for (int k = 0; k < batch.length; k++) {
                out[todo.get(batch[k])] = results.get(k);
            }
        }
        return Arrays.asList(out);
    }

    /** The record's ids (target empty in translate mode), or null if it cannot be read or tokenized. */
    private TokenPair encode(ScoreInput in) {
        if (in.problem() != null) {
            return null;
        }
        try {
            int[] src = source.encode(in.source());
            int[] tgt = options.forced() && in.target() != null ? target.encode(in.target()) : new int[0];
            return new TokenPair(src, tgt);
        } catch (RuntimeException e) {
            LOG.warn("cannot tokenize line {}", in.id(), e);
            return null;
        }
    }

    private static ScoreResult unreadable(ScoreInput in) {
        String why = in.problem() != null ? in.problem() : "cannot tokenize the line (see the executor log)";
        return ScoreResult.notDecoded(in, ScoreStatus.ERROR, why, null);
    }

    /** Why a tokenized record is not decoded, or null. */
    private String reject(TokenPair pair) {
        int max = options.maxSourceLength();
        if (pair.source().length == 0) {
            return "the source has no tokens";
        }
        if (pair.source().length > max) {
            return "the source has " + pair.source().length + " tokens, more than score.max-source-length=" + max;
        }
        if (pair.target().length > max) {
            return "the target has " + pair.target().length + " tokens, more than score.max-source-length=" + max;
        }
        return null;
    }

    private List<ScoreResult> decodeOrIsolate(List<ScoreInput> inputs, List<TokenPair> pairs) {
        try {
            return decode(inputs, pairs);
        } catch (RuntimeException e) {
            if (inputs.size() == 1) {
                LOG.warn("cannot decode line {}", inputs.get(0).id(), e);
                return List.of(ScoreResult.notDecoded(inputs.get(0), ScoreStatus.ERROR, "decoding failed: " + e,
                        pairs.get(0).source().length));
            }
            LOG.warn("a batch of {} failed to decode; retrying its records one by one", inputs.size(), e);
            List<ScoreResult> out = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                out.addAll(decodeOrIsolate(List.of(inputs.get(i)), List.of(pairs.get(i))));
            }
            return out;
        }
    }

    private List<ScoreResult> decode(List<ScoreInput> inputs, List<TokenPair> pairs) {
        List<ScoreResult> out = new ArrayList<>(inputs.size());
        if (options.forced()) {
            List<ForcedScore> scores = translator.forced(pairs);
            for (int i = 0; i < inputs.size(); i++) {
                TokenPair p = pairs.get(i);
                out.add(ScoreResult.scored(inputs.get(i), p.source().length, p.target().length,
                        target.decode(p.target()), scores.get(i).total(), scores.get(i).perToken()));
            }
            return out;
        }
        List<int[]> sources = new ArrayList<>(pairs.size());
        for (TokenPair p : pairs) {
            sources.add(p.source());
        }
        List<List<Hypothesis>> nBest = new ArrayList<>();
        if (decode.beam() == 1) {
            for (Hypothesis h : translator.greedy(sources)) {
                nBest.add(List.of(h));
            }
        } else {
            nBest = translator.beam(sources, options.nbest());
        }
        for (int i = 0; i < inputs.size(); i++) {
            List<Hypothesis> hyps = nBest.get(i);
            String[] texts = new String[hyps.size()];
            for (int k = 0; k < texts.length; k++) {
                texts[k] = target.decode(hyps.get(k).tokens());
            }
            out.add(ScoreResult.translated(inputs.get(i), sources.get(i).length, hyps, texts, options.alignments()));
        }
        return out;
    }
}
