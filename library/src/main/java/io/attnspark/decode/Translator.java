package io.attnspark.decode;

import io.attnspark.nn.LengthBatcher;
import io.attnspark.nn.TokenPair;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes sentences with a trained {@link io.attnspark.nn.RnnAttentionModel} or
 * {@link io.attnspark.nn.transformer.TransformerModel} graph (see {@link Decoders}): sources are sorted by
 * length, decoded {@code decode.batch-size} at a time (encoder once per batch, then step-wise), and the
 * results returned in input order. Not thread-safe (it uses the graph); give each thread its own graph.
 */
public final class Translator {
    private final ComputationGraph graph;
    private final DecodeConfig cfg;
    private final SequenceDecoder.Model<?, ?> model;

    public Translator(ComputationGraph graph, DecodeConfig cfg) {
        this.graph = graph;
        this.cfg = cfg;
        this.model = Decoders.of(graph);
    }

    /** The best output of each source (ids without EOS): greedy when decode.beam = 1, else beam search. */
    public List<int[]> translate(List<int[]> sources) {
        List<int[]> out = new ArrayList<>();
        for (Hypothesis h : cfg.beam() == 1 ? greedy(sources) : best(beam(sources, 1))) {
            out.add(h.tokens());
        }
        return out;
    }

    /** Greedy decoding: one hypothesis per source, in input order. */
    public List<Hypothesis> greedy(List<int[]> sources) {
        Hypothesis[] out = new Hypothesis[sources.size()];
        for (int[] batch : LengthBatcher.byCount(lengths(sources), cfg.batchSize())) {
            List<Hypothesis> part = greedy(model, cfg, LengthBatcher.select(sources, batch));
            for (int j = 0; j < batch.length; j++) {
                out[batch[j]] = part.get(j);
            }
        }
        return Arrays.asList(out);
    }

    /** Beam search with decode.beam: the nBest (at most beam) best hypotheses of each source, best first. */
    public List<List<Hypothesis>> beam(List<int[]> sources, int nBest) {
        List<List<Hypothesis>> out = new ArrayList<>(java.util.Collections.nCopies(sources.size(), null));
        for (int[] batch : LengthBatcher.byCount(lengths(sources), cfg.batchSize())) {
            List<List<Hypothesis>> part = beam(model, cfg, LengthBatcher.select(sources, batch), nBest);
            for (int j = 0; j < batch.length; j++) {
                out.set(batch[j], part.get(j));
            }
        }
        return out;
    }

    /** Log-probabilities of given targets (forced decoding), in input order. */
    public List<ForcedScore> forced(List<TokenPair> pairs) {
        return new ForcedScorer(graph, cfg.batchSize()).score(pairs);
    }

    private static <E extends SourceBatch<E>, S extends RowState<S>> List<Hypothesis> greedy(
            SequenceDecoder.Model<E, S> m, DecodeConfig cfg, List<int[]> sources) {
        return new GreedySearch<>(m.decoder(), cfg).search(m.encode(sources));
    }

    private static <E extends SourceBatch<E>, S extends RowState<S>> List<List<Hypothesis>> beam(
            SequenceDecoder.Model<E, S> m, DecodeConfig cfg, List<int[]> sources, int nBest) {
        return new BeamSearch<>(m.decoder(), cfg).search(m.encode(sources), nBest);
    }

    private static int[] lengths(List<int[]> sources) {
        return sources.stream().mapToInt(s -> s.length).toArray();
    }

    private static List<Hypothesis> best(List<List<Hypothesis>> nBest) {
        List<Hypothesis> out = new ArrayList<>();
        for (List<Hypothesis> l : nBest) {
            out.add(l.get(0));
        }
        return out;
    }
}
