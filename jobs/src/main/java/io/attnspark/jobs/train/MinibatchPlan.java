package io.attnspark.jobs.train;

import io.attnspark.prep.EncodedPair;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The training pairs as minibatches of exactly {@code batchSize} pairs each. dl4j-spark's worker
 * re-batches its partition to {@code batchSizePerWorker} examples: one smaller batch would make it split
 * and re-merge every batch after it, so the partitions' partial chunks are gathered on the driver and
 * cut again; only the very last chunk is topped up by repeating its own pairs ({@link #repeated()}).
 *
 * @param batches    the minibatches, [batchSize] pairs each, cached (unpersist when done)
 * @param count      number of minibatches
 * @param pairs      training pairs kept
 * @param tooLong    pairs dropped because the target is longer than train.max-target-length
 * @param repeated   pairs repeated to fill the last minibatch
 */
public record MinibatchPlan(JavaRDD<MultiDataSet> batches, long count, long pairs, long tooLong, int repeated) {
    private static final int POOL_BATCHES = 32;

    /** Plans the minibatches of {@code pairs}; fails when no pair is left to train on. */
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
}
