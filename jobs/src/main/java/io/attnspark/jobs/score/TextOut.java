package io.attnspark.jobs.score;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;

import static org.apache.spark.sql.functions.col;

/**
 * Writes {@code --text-out}: one line per result in id order (the input's line order), without collecting
 * anything on the driver. The results are sorted by id on Spark (range-partitioned, so part file k holds
 * ids before those of part k + 1), written as text parts in a scratch directory, and the parts are then
 * streamed one after the other into the file, which appears under its name only when complete.
 */
final class TextOut {
    private TextOut() {
    }

    /**
     * @param results the Parquet results
     * @param forced  score mode: one log-probability per line instead of a hypothesis
     * @param file    the text file to write (prepared: does not exist)
     * @param scratch a directory that does not exist, removed afterwards
     * @return bytes written
     */
    static long write(SparkSession spark, Path results, boolean forced, Path file, Path scratch) throws IOException {
        return write(spark, spark.read().parquet(results.toString())
                .select(col(ResultSchema.ID), col(ResultSchema.STATUS), col(ResultSchema.HYPOTHESES), col(ResultSchema.SCORES))
                .javaRDD().mapToPair(new TextLineFn(forced)), file, scratch);
    }

    /**
     * Writes {@code lines} (line number, line) in line-number order.
     *
     * @param file    the text file to write (prepared: does not exist)
     * @param scratch a directory that does not exist, removed afterwards
     * @return bytes written
     */
    static long write(SparkSession spark, JavaPairRDD<Long, String> lines, Path file, Path scratch) throws IOException {
        int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
        lines.sortByKey(true, partitions)
                .values()
                .saveAsTextFile(scratch.toString());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        FileSystem scratchFs = scratch.getFileSystem(hadoop);
        FileSystem outFs = file.getFileSystem(hadoop);
        outFs.setWriteChecksum(false);
        FileStatus[] parts = scratchFs.listStatus(scratch, p -> p.getName().startsWith("part-"));
        Arrays.sort(parts, Comparator.comparing(s -> s.getPath().getName()));
        Path partial = new Path(file.getParent(), "." + file.getName() + ".partial");
        long bytes = 0;
        try (FSDataOutputStream out = outFs.create(partial, true)) {
            for (FileStatus part : parts) {
                try (InputStream in = scratchFs.open(part.getPath())) {
                    bytes += in.transferTo(out);
                }
            }
        }
        if (!outFs.rename(partial, file)) {
            throw new IOException("cannot move " + partial + " to " + file);
        }
        scratchFs.delete(scratch, true);
        return bytes;
    }
}
