package io.attnspark.prep.input;

import java.io.Serializable;

/**
 * What the scan pass learns about one input partition: its line count and the first problem line, as an index
 * within the partition (-1 when there is none). A plain class, not a record: Spark's Kryo 4 cannot serialize
 * records, and this object travels back to the driver as a task result.
 */
public final class PartitionScan implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final long lines;
    final long firstBadUtf8;
    final long firstBadTsv;
    final int badTsvColumns;

    /**
     * @param partition     partition index
     * @param lines         lines in the partition
     * @param firstBadUtf8  first line that is not valid UTF-8
     * @param firstBadTsv   first line (TSV inputs) that does not have exactly two tab-separated columns
     * @param badTsvColumns the number of columns that line has
     */
    PartitionScan(int partition, long lines, long firstBadUtf8, long firstBadTsv, int badTsvColumns) {
        this.partition = partition;
        this.lines = lines;
        this.firstBadUtf8 = firstBadUtf8;
        this.firstBadTsv = firstBadTsv;
        this.badTsvColumns = badTsvColumns;
    }
}
