package io.attnspark.prep.input;

import org.apache.spark.Partitioner;

/** Sends 1-based line numbers {@code 1..lines} to {@code partitions} contiguous, equal ranges. */
final class LineRangePartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final long lines;
    private final int partitions;

    LineRangePartitioner(long lines, int partitions) {
        this.lines = lines;
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long zeroBased = (Long) key - 1;
        return (int) Math.min(partitions - 1, zeroBased * partitions / lines);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LineRangePartitioner p && p.lines == lines && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lines) * 31 + partitions;
    }
}
