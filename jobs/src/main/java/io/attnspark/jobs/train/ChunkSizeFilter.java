package io.attnspark.jobs.train;

import io.attnspark.prep.EncodedPair;
import org.apache.spark.api.java.function.Function;

/** Keeps chunks that are full ({@code full = true}) or those that are not. */
final class ChunkSizeFilter implements Function<EncodedPair[], Boolean> {
    private static final long serialVersionUID = 1L;
    private final int batchSize;
    private final boolean full;

    ChunkSizeFilter(int batchSize, boolean full) {
        this.batchSize = batchSize;
        this.full = full;
    }

    @Override
    public Boolean call(EncodedPair[] chunk) {
        return (chunk.length == batchSize) == full;
    }
}
