package io.attnspark.prep.input;

import io.attnspark.prep.PrepException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;

/**
 * Aligned pairs as rows of {@link PairMaker#SCHEMA}, never collecting the corpus: line {@code n} of the source
 * meets line {@code n} of the target, whatever the partitioning.
 */
public final class PairReader {
    private PairReader() {
    }

    /**
     * Pairs two scanned line files by line number.
     *
     * <p>If both files have the same partition layout (two gzip files, or any two files split alike) the
     * partitions are zipped directly; otherwise both sides are range-partitioned by line number into
     * {@code max(parallelism, partitions of either side)} partitions, sorted within each, and merged.
     *
     * @throws PrepException naming both files and both line counts if the counts differ
     */
    public static JavaRDD<Row> parallel(LineFile src, LineFile tgt, PairMaker maker, int parallelism) {
        checkSameLength(src, tgt);
        if (src.sameLayout(tgt)) {
            return src.numbered().zipPartitions(tgt.raw(), new ZipAlignedFn(maker));
        }
        int partitions = Math.max(parallelism, Math.max(src.partitions(), tgt.partitions()));
        LineRangePartitioner byLine = new LineRangePartitioner(src.lines(), partitions);
        JavaPairRDD<Long, String> s = src.numbered().repartitionAndSortWithinPartitions(byLine);
        JavaPairRDD<Long, String> t = tgt.numbered().repartitionAndSortWithinPartitions(byLine);
        return s.zipPartitions(t, new MergeNumberedFn(maker));
    }

    /** The pairs of a scanned TSV file ({@code source<TAB>target} per line). */
    public static JavaRDD<Row> tsv(LineFile tsv, PairMaker maker) {
        return tsv.raw().mapPartitionsWithIndex(new TsvPairsFn(tsv.offsets(), maker), true);
    }

    /** @throws PrepException naming both files and both line counts if they differ */
    public static void checkSameLength(LineFile src, LineFile tgt) {
        if (src.lines() != tgt.lines()) {
            throw new PrepException("line counts differ: " + src.file().path() + " has " + src.lines() + " lines, "
                    + tgt.file().path() + " has " + tgt.lines() + " lines");
        }
    }
}
