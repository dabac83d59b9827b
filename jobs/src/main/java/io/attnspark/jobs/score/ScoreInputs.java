package io.attnspark.jobs.score;

import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.score.ScoreSettings.InputFormat;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.Split;
import io.attnspark.prep.encode.PreparedSchema;
import io.attnspark.prep.output.PrepManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The records score reads, as an RDD that is never collected: the lines of a text or TSV file (gzip or not,
 * numbered from 0 by a counting pass over the partitions, so no line moves to the driver) or the rows of a
 * prepared split. A plain file is split into partitions of about {@value #SPLIT_BYTES} bytes (at least
 * {@link #partitionsFor} of them); an unsplittable gzip file is spread over partitions of about
 * {@value #LINES_PER_PARTITION} lines. Partitions that size take seconds to a minute to decode on one core:
 * progress is reported often, and a lost task costs little to redo.
 *
 * @param records    one per input line (or prepared row)
 * @param count      how many there are
 * @param format     what the input turned out to be (never AUTO)
 * @param hasTargets whether records carry a target (TSV, prepared data)
 * @param partitions partitions of {@code records}
 */
record ScoreInputs(JavaRDD<ScoreInput> records, long count, InputFormat format, boolean hasTargets, int partitions) {
    /** Bytes of a plain input file per partition. */
    static final long SPLIT_BYTES = 1L << 20;
    /** Lines per partition of a gzip input after it is spread. */
    static final long LINES_PER_PARTITION = 10_000;

    /**
     * What {@code input} is: {@code configured} unless it is AUTO, in which case a directory holding
     * {@code manifest.json} is prepared data, a name ending in {@code .tsv} or {@code .tsv.gz} a TSV, any
     * other file plain text.
     *
     * @throws CommandFailure for a directory that is not prepared data, or a format that does not fit
     */
    static InputFormat detect(Path input, InputFormat configured, Configuration hadoop) {
        FileStatus status;
        boolean manifest;
        try {
            FileSystem fs = input.getFileSystem(hadoop);
            status = fs.getFileStatus(input);
            manifest = status.isDirectory() && fs.exists(new Path(input, PrepManifest.FILE));
        } catch (IOException e) {
            throw new CommandFailure("cannot read input " + input + ": " + e.getMessage(), e);
        }
        InputFormat format = configured;
        if (format == InputFormat.AUTO) {
            String name = input.getName().toLowerCase(Locale.ROOT);
            format = status.isDirectory() ? InputFormat.PREPARED
                    : name.endsWith(".tsv") || name.endsWith(".tsv.gz") ? InputFormat.TSV : InputFormat.TEXT;
        }
        if (format == InputFormat.PREPARED && !manifest) {
            throw new CommandFailure("input " + input + (status.isDirectory() ? " is a directory without "
                    + PrepManifest.FILE + ": score reads a text file, a TSV file or prepared data (the --out of prep-text)"
                    : " is a file, not prepared data (score.input-format=prepared)"));
        }
        if (format != InputFormat.PREPARED && status.isDirectory()) {
            throw new CommandFailure("input " + input + " is a directory, not a " + format.configName() + " file");
        }
        return format;
    }

    /** Partitions an input is spread over: four per default-parallelism slot, for balance and progress. */
    static int partitionsFor(JavaSparkContext sc) {
        return Math.max(2, 4 * sc.defaultParallelism());
    }

    /** Opens {@code input} (of a detected format, not AUTO); for prepared data, its split {@code split}. */
    static ScoreInputs open(SparkSession spark, Path input, InputFormat format, Split split) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return switch (format) {
            case TEXT, TSV -> lines(sc, input, format);
            case PREPARED -> prepared(spark, input, split);
            case AUTO -> throw new IllegalArgumentException("detect the input format first");
        };
    }

    private static ScoreInputs lines(JavaSparkContext sc, Path input, InputFormat format) {
        long bytes;
        try {
            bytes = input.getFileSystem(sc.hadoopConfiguration()).getFileStatus(input).getLen();
        } catch (IOException e) {
            throw new CommandFailure("cannot read input " + input + ": " + e.getMessage(), e);
        }
        int splits = (int) Math.min(100_000, Math.max(partitionsFor(sc), (bytes + SPLIT_BYTES - 1) / SPLIT_BYTES));
        JavaPairRDD<LongWritable, Text> raw = sc.hadoopFile(input.toString(), TextInputFormat.class,
                LongWritable.class, Text.class, splits);
        List<long[]> counts = raw.mapPartitionsWithIndex(new CountLinesFn(), false).collect();
        long[] offsets = new long[raw.getNumPartitions()];
        long total = 0;
        long[] perPartition = new long[offsets.length];
        for (long[] c : counts) {
            perPartition[(int) c[0]] = c[1];
        }
        for (int p = 0; p < offsets.length; p++) {
            offsets[p] = total;
            total += perPartition[p];
        }
        JavaRDD<ScoreInput> records = raw.mapPartitionsWithIndex(new ReadLinesFn(offsets, format == InputFormat.TSV), true);
        if (records.getNumPartitions() < sc.defaultParallelism() && total > 1) {
            // gzip: one partition, whatever its size
            records = records.repartition((int) Math.min(100_000, Math.max(partitionsFor(sc),
                    (total + LINES_PER_PARTITION - 1) / LINES_PER_PARTITION)));
        }
        return new ScoreInputs(records, total, format, format == InputFormat.TSV, records.getNumPartitions());
    }

    private static ScoreInputs prepared(SparkSession spark, Path input, Split split) {
        PreparedCorpus corpus = PreparedCorpus.open(input.toString(), spark.sparkContext().hadoopConfiguration());
        JavaRDD<ScoreInput> records = corpus.load(spark, split)
                .select(PreparedSchema.ID, PreparedSchema.SRC, PreparedSchema.TGT).javaRDD().map(new PreparedRowFn());
        return new ScoreInputs(records, corpus.size(split), InputFormat.PREPARED, true, records.getNumPartitions());
    }
}
