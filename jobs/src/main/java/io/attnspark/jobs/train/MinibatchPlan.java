package io.attnspark.jobs.train;

import io.attnspark.prep.EncodedPair;
import io.attnspark.train.TrainConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The training pairs as minibatches, length-sorted within pools so padding stays small. Either exactly
 * {@code batchSize} pairs each: the partitions' partial chunks are gathered on the driver and cut again,
 * and only the very last chunk is topped up by repeating its own pairs ({@link #repeated()}), so that every
 * step weighs as many pairs. Or, under a token budget, as many pairs as fit the budget (up to
 * {@code batchSize}), none repeated.
 *
 * @param batches    the minibatches, [batchSize] pairs each, cached (unpersist when done)
 * @param count      number of minibatches
 * @param pairs      training pairs kept
 * @param tooLong    pairs dropped because the target is longer than train.max-target-length
 * @param repeated   pairs repeated to fill the last minibatch
 */
public record MinibatchPlan(JavaRDD<MultiDataSet> batches, long count, long pairs, long tooLong, int repeated) {
    private static final int POOL_BATCHES = 32;

    /**
     * Plans the minibatches of {@code pairs} as {@code train} says: of train.batch-size pairs, or within the
     * train.batch-tokens budget; fails when no pair is left to train on.
     */
    public static MinibatchPlan of(JavaSparkContext sc, JavaRDD<EncodedPair> pairs, TrainConfig train) {
        if (train.batchTokens() > 0) {
            return underBudget(pairs, train);
        }
        return of(sc, pairs, train.batchSize(), train.maxTargetLength());
    }

    /** Plans minibatches of exactly {@code batchSize} pairs; fails when no pair is left to train on. */
    public static MinibatchPlan of(JavaSparkContext sc, JavaRDD<EncodedPair> pairs, int batchSize, int maxTargetLength) {
        long total = pairs.count();
        JavaRDD<EncodedPair[]> chunks = pairs.filter(new TargetLengthFilter(maxTargetLength))
                .mapPartitions(new SortedChunksFn(batchSize, POOL_BATCHES)).cache();
        JavaRDD<EncodedPair[]> full = chunks.filter(new ChunkSizeFilter(batchSize, true));
        long fullCount = full.count();
        List<EncodedPair> rest = new ArrayList<>();
        for (EncodedPair[] partial : chunks.filter(new ChunkSizeFilter(batchSize, false)).collect()) {
            rest.addAll(Arrays.asList(partial));
        }
        long kept = fullCount * batchSize + rest.size();
        if (kept == 0) {
            throw new IllegalArgumentException("no training pairs left: all " + total
                    + " have targets longer than train.max-target-length=" + maxTargetLength);
        }
        rest.sort(Comparator.comparingInt((EncodedPair p) -> Math.max(p.src().length, p.tgt().length)));
        List<EncodedPair[]> driverChunks = new ArrayList<>();
        int repeated = 0;
        for (int i = 0; i < rest.size(); i += batchSize) {
            List<EncodedPair> chunk = new ArrayList<>(rest.subList(i, Math.min(i + batchSize, rest.size())));
            int own = chunk.size();
            while (chunk.size() < batchSize) {
                chunk.add(chunk.get((chunk.size() - own) % own));
                repeated++;
            }
            driverChunks.add(chunk.toArray(new EncodedPair[0]));
        }
        JavaRDD<EncodedPair[]> all = driverChunks.isEmpty() ? full
                : full.union(sc.parallelize(driverChunks, 1));
        JavaRDD<MultiDataSet> batches = all.map(new ChunkToBatchFn()).persist(AveragingPlan.STORAGE);
        long count = batches.count();
        chunks.unpersist(false);
        return new MinibatchPlan(batches, count, kept, total - kept, repeated);
    }

    /**
     * Minibatches of length-sorted pairs whose padded size stays within train.batch-tokens, at most
     * train.batch-size pairs each: every kept pair once, none repeated.
     */
    private static MinibatchPlan underBudget(JavaRDD<EncodedPair> pairs, TrainConfig train) {
        long total = pairs.count();
        JavaRDD<EncodedPair[]> chunks = pairs.filter(new TargetLengthFilter(train.maxTargetLength()))
                .mapPartitions(new SortedChunksFn(train.batchSize(), POOL_BATCHES, train.batchTokens()));
        JavaRDD<MultiDataSet> batches = chunks.map(new ChunkToBatchFn()).persist(AveragingPlan.STORAGE);
        long kept = Math.round(batches.mapToDouble(new ExampleCount()).sum());
        if (kept == 0) {
            batches.unpersist(false);
            throw new IllegalArgumentException("no training pairs left: all " + total
                    + " have targets longer than train.max-target-length=" + train.maxTargetLength());
        }
        return new MinibatchPlan(batches, batches.count(), kept, total - kept, 0);
    }
}
