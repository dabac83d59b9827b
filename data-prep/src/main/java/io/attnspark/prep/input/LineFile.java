package io.attnspark.prep.input;

import io.attnspark.prep.PrepException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A scanned, validated line file on Spark. {@link #open} runs one pass over the file that counts the lines of
 * every partition and checks every line (strict UTF-8; two tab-separated columns for TSV); the line number of
 * every line then follows from the partition offsets, so the file is never collected or zipped with an index.
 *
 * <p>Line ends are Hadoop's: {@code \n}, {@code \r\n} or a lone {@code \r}. Gzip files ({@code .gz}) are
 * read as one partition (gzip cannot be split).
 */
public final class LineFile {
    private final InputFile file;
    private final JavaPairRDD<LongWritable, Text> raw;
    private final long[] partitionLines;
    private final long[] offsets;
    private final long lines;

    private LineFile(InputFile file, JavaPairRDD<LongWritable, Text> raw, long[] partitionLines) {
        this.file = file;
        this.raw = raw;
        this.partitionLines = partitionLines;
        this.offsets = new long[partitionLines.length];
        long total = 0;
        for (int p = 0; p < partitionLines.length; p++) {
            offsets[p] = total;
            total += partitionLines[p];
        }
        this.lines = total;
    }

    /**
     * Scans {@code file}.
     *
     * @param minPartitions Hadoop's hint for splitting an uncompressed file
     * @param tsv           also require exactly two tab-separated columns on every line
     * @throws PrepException naming the file and the 1-based line for invalid UTF-8 or a bad TSV line, or if
     *                       the file has no lines
     */
    public static LineFile open(JavaSparkContext sc, InputFile file, int minPartitions, boolean tsv) {
        JavaPairRDD<LongWritable, Text> raw = sc.hadoopFile(file.path(), TextInputFormat.class, LongWritable.class,
                Text.class, minPartitions);
        List<PartitionScan> scans = raw.mapPartitionsWithIndex(new ScanLinesFn(tsv), true).collect();
        PartitionScan[] ordered = scans.stream().sorted(Comparator.comparingInt(s -> s.partition))
                .toArray(PartitionScan[]::new);
        long[] counts = Arrays.stream(ordered).mapToLong(s -> s.lines).toArray();
        LineFile lineFile = new LineFile(file, raw, counts);
        lineFile.check(ordered);
        return lineFile;
    }

    private void check(PartitionScan[] scans) {
        if (lines == 0) {
            throw new PrepException("input " + file.path() + " has no lines");
        }
        for (PartitionScan s : scans) {
            if (s.firstBadUtf8 >= 0) {
                throw new PrepException(file.path() + ": line " + (offsets[s.partition] + s.firstBadUtf8 + 1)
                        + " is not valid UTF-8");
            }
        }
        for (PartitionScan s : scans) {
            if (s.firstBadTsv >= 0) {
                throw new PrepException(file.path() + ": line " + (offsets[s.partition] + s.firstBadTsv + 1)
                        + " has " + s.badTsvColumns + " tab-separated column" + (s.badTsvColumns == 1 ? "" : "s")
                        + ", expected 2 (source<TAB>target)");
            }
        }
    }

    public InputFile file() {
        return file;
    }

    /** Number of lines. */
    public long lines() {
        return lines;
    }

    public int partitions() {
        return partitionLines.length;
    }

    /** The raw Hadoop records; {@link Text} objects are reused by the reader, decode each before the next. */
    JavaPairRDD<LongWritable, Text> raw() {
        return raw;
    }

    /** Line number (0-based) of the first line of each partition. */
    long[] offsets() {
        return offsets.clone();
    }

    /** True if both files have the same number of partitions with the same number of lines in each. */
    boolean sameLayout(LineFile other) {
        return Arrays.equals(partitionLines, other.partitionLines);
    }

    /** (1-based line number, line) for every line, in file order within each partition. */
    JavaPairRDD<Long, String> numbered() {
        return JavaPairRDD.fromJavaRDD(raw.mapPartitionsWithIndex(new NumberLinesFn(offsets), true));
    }
}
