package io.attnspark.jobs.train;

import io.attnspark.nn.LengthBatcher;
import io.attnspark.prep.EncodedPair;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Groups a partition's pairs into chunks of {@code batchSize} pairs of similar length: pools of
 * {@code batchSize * poolBatches} pairs are sorted by length and cut into chunks, so padding stays small
 * while memory stays bounded. Every chunk is full except at most one, the partition's last.
 * Under a token budget ({@code batchTokens > 0}) each sorted pool is cut instead into chunks whose padded
 * size, pairs x (longest side + 1), stays within the budget, with at most {@code batchSize} pairs
 * ({@link LengthBatcher#byTokens(int[], int, int)}); every pair of the pool is placed.
 */
final class SortedChunksFn implements FlatMapFunction<Iterator<EncodedPair>, EncodedPair[]> {
    private static final long serialVersionUID = 1L;
    private static final Comparator<EncodedPair> BY_LENGTH =
            Comparator.comparingInt((EncodedPair p) -> Math.max(p.src().length, p.tgt().length))
                    .thenComparingInt(p -> p.src().length);
    private final int batchSize;
    private final int poolBatches;
    private final int batchTokens;

    SortedChunksFn(int batchSize, int poolBatches) {
        this(batchSize, poolBatches, 0);
    }

    SortedChunksFn(int batchSize, int poolBatches, int batchTokens) {
        this.batchSize = batchSize;
        this.poolBatches = poolBatches;
        this.batchTokens = batchTokens;
    }

    @Override
    public Iterator<EncodedPair[]> call(Iterator<EncodedPair> pairs) {
        List<EncodedPair[]> chunks = new ArrayList<>();
        List<EncodedPair> pool = new ArrayList<>(batchSize * poolBatches);
        while (pairs.hasNext()) {
            pool.add(pairs.next());
            if (pool.size() == batchSize * poolBatches) {
                cut(pool, chunks);
            }
        }
        cut(pool, chunks);
        if (!pool.isEmpty()) {
            chunks.add(pool.toArray(new EncodedPair[0]));
        }
        return chunks.iterator();
    }

    /** Sorts the pool, moves its full chunks to {@code chunks} and leaves the remainder in the pool. */
    private void cut(List<EncodedPair> pool, List<EncodedPair[]> chunks) {
        pool.sort(BY_LENGTH);
        if (batchTokens > 0) {
            int[] lengths = new int[pool.size()];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = pool.get(i).toTokenPair().paddedLength();
            }
            for (int[] batch : LengthBatcher.byTokens(lengths, batchTokens, batchSize)) {
                chunks.add(LengthBatcher.select(pool, batch).toArray(new EncodedPair[0]));
            }
            pool.clear();
            return;
        }
        int full = pool.size() / batchSize * batchSize;
        for (int i = 0; i < full; i += batchSize) {
            chunks.add(pool.subList(i, i + batchSize).toArray(new EncodedPair[0]));
        }
        List<EncodedPair> rest = new ArrayList<>(pool.subList(full, pool.size()));
        pool.clear();
        pool.addAll(rest);
    }
}
