package io.attnspark.jobs.train;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.ForcedScore;
import io.attnspark.decode.ForcedScorer;
import io.attnspark.decode.Hypothesis;
import io.attnspark.decode.Translator;
import io.attnspark.metrics.BleuScore;
import io.attnspark.nn.TokenPair;
import io.attnspark.jobs.report.TrainingReport;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * What training measures on held-out pairs after every epoch, on the driver: the true cross-entropy per
 * target token (EOS included; label smoothing does not enter it) and the BLEU of greedy translations of the
 * first {@code bleuSentences} pairs, detokenized, against their original target text.
 */
final class Validation {
    private final List<TokenPair> pairs;
    private final long tokens;
    private final List<int[]> bleuSources = new ArrayList<>();
    private final List<String> references;
    private final TextPipeline target;
    private final int batchSize;

    /**
     * @param pairs      validation pairs as ids
     * @param references original target text of the first pairs, one per pair, for BLEU (may be empty)
     */
    Validation(List<TokenPair> pairs, List<String> references, TextPipeline target, int batchSize) {
        this.pairs = List.copyOf(pairs);
        long t = 0;
        for (TokenPair p : pairs) {
            t += p.target().length + 1;
        }
        this.tokens = t;
        this.references = List.copyOf(references);
        for (int i = 0; i < references.size(); i++) {
            bleuSources.add(pairs.get(i).source());
        }
        this.target = target;
        this.batchSize = batchSize;
    }

    boolean isEmpty() {
        return pairs.isEmpty();
    }

    int bleuSentences() {
        return references.size();
    }

    /** Mean negative log-likelihood per target token (nats); NaN without validation pairs. */
    double loss(ComputationGraph model) {
        if (pairs.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        for (ForcedScore s : new ForcedScorer(model, batchSize).score(pairs)) {
            total -= s.total();
        }
        return total / tokens;
    }

    /**
     * Greedy translations of the first {@code n} validation sentences with their attention weights, as pieces
     * (BPE subwords or words) for the report's heatmaps.
     */
    List<TrainingReport.Alignment> alignments(ComputationGraph model, DecodeConfig decode, int n,
                                              Vocabulary source) {
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < Math.min(n, pairs.size()); i++) {
            sources.add(pairs.get(i).source());
        }
        List<TrainingReport.Alignment> out = new ArrayList<>();
        if (sources.isEmpty()) {
            return out;
        }
        List<Hypothesis> hyps = new Translator(model, decode.withBeam(1)).greedy(sources);
        for (int i = 0; i < sources.size(); i++) {
            List<String> src = new ArrayList<>(source.decode(sources.get(i)));
            src.add(Vocabulary.EOS);
            List<String> outPieces = new ArrayList<>(target.vocabulary().decode(hyps.get(i).tokens()));
            outPieces.add(Vocabulary.EOS);
            out.add(new TrainingReport.Alignment(src, outPieces, hyps.get(i).attention()));
        }
        return out;
    }

    /** Corpus BLEU (sacreBLEU 13a) of greedy translations; NaN without BLEU sentences. */
    double bleu(ComputationGraph model, DecodeConfig decode) {
        if (references.isEmpty()) {
            return Double.NaN;
        }
        List<String> hypotheses = new ArrayList<>(references.size());
        for (Hypothesis h : new Translator(model, decode.withBeam(1)).greedy(bleuSources)) {
            hypotheses.add(target.decode(h.tokens()));
        }
        return BleuScore.corpus(hypotheses, List.of(references)).score();
    }
}
