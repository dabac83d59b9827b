package io.attnspark.train;

import io.attnspark.nn.LengthBatcher;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.TokenPair;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link RnnAttentionModel} graph on one machine (no Spark): the same graph construction as the
 * Spark path, {@code train.epochs} passes over length-sorted minibatches in a seeded random order, and a
 * callback after every epoch.
 */
public final class LocalTrainer {
    private final TrainConfig cfg;
    private final long seed;

    /** @param seed orders the minibatches of each epoch (epoch e uses seed + e) */
    public LocalTrainer(TrainConfig cfg, long seed) {
        this.cfg = cfg;
        this.seed = seed;
    }

    /** A new graph for {@code model} with {@code cfg}'s updater and clipping, parameters from {@code seed}. */
    public static ComputationGraph newGraph(RnnAttentionConfig model, TrainConfig cfg, int sourceVocab,
                                            int targetVocab, long seed) {
        return RnnAttentionModel.newGraph(RnnAttentionModel.configuration(model, cfg, sourceVocab, targetVocab, seed));
    }

    /**
     * Length-sorted minibatches of {@code train.batch-size} pairs, or within the {@code train.batch-tokens}
     * budget ({@link TrainConfig#batchesOf}); pairs whose target is longer than {@code train.max-target-length}
     * are left out.
     */
    public List<MultiDataSet> batches(List<TokenPair> pairs) {
        List<TokenPair> kept = new ArrayList<>();
        for (TokenPair p : pairs) {
            if (p.target().length <= cfg.maxTargetLength()) {
                kept.add(p);
            }
        }
        List<MultiDataSet> out = new ArrayList<>();
        for (int[] b : cfg.batchesOf(LengthBatcher.pairLengths(kept))) {
            out.add(Seq2SeqBatch.of(LengthBatcher.select(kept, b)));
        }
        return out;
    }

    /** Fits {@code train.epochs} epochs over {@code batches}; {@code onEpoch} sees each epoch's stats. */
    public List<EpochStats> fit(ComputationGraph graph, List<MultiDataSet> batches, Consumer<EpochStats> onEpoch) {
        List<EpochStats> all = new ArrayList<>();
        for (int e = 1; e <= cfg.epochs(); e++) {
            EpochStats s = fitEpoch(graph, batches, e);
            all.add(s);
            onEpoch.accept(s);
        }
        return all;
    }

    /** One pass over {@code batches} in the order of epoch {@code epoch}. */
    public EpochStats fitEpoch(ComputationGraph graph, List<MultiDataSet> batches, int epoch) {
        List<MultiDataSet> order = new ArrayList<>(batches);
        Collections.shuffle(order, new Random(seed + epoch));
        long start = System.nanoTime();
        double lossSum = 0;
        long tokens = 0;
        for (MultiDataSet mds : order) {
            graph.fit(mds);
            if (!Double.isFinite(graph.score())) {
                throw new IllegalStateException("training diverged in epoch " + epoch + ": minibatch loss "
                        + graph.score() + " (try a lower train.learning-rate or train.gradient-clip)");
            }
            long n = mds.getLabels(0).size(0);
            lossSum += graph.score() * n;      // DL4J: summed over time steps, averaged over the minibatch
            tokens += mds.getLabelsMaskArray(0).sumNumber().longValue();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochStats(epoch, tokens == 0 ? Double.NaN : lossSum / tokens, order.size(), tokens, seconds);
    }
}
