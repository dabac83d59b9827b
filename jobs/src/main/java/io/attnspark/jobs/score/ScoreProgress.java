package io.attnspark.jobs.score;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress line on the driver each time a scoring partition finishes: partitions done, records scored
 * so far (from the tasks' accumulator) and the rate since decoding started. Registered on the SparkContext
 * for the decoding job only; counts result tasks, not the shuffle that spreads a gzip input.
 */
final class ScoreProgress extends SparkListener {
    private final PrintStream out;
    private final LongAccumulator records;
    private final long total;
    private final int partitions;
    private final long start = System.nanoTime();
    private int done;

    /**
     * @param records    the records-scored accumulator the tasks add to
     * @param total      records in the input
     * @param partitions partitions of the decoding stage
     */
    ScoreProgress(PrintStream out, LongAccumulator records, long total, int partitions) {
        this.out = out;
        this.records = records;
        this.total = total;
        this.partitions = partitions;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (!"ResultTask".equals(end.taskType()) || !end.taskInfo().successful()) {
            return;
        }
        done++;
        long n = records.value();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "score: %d/%d partitions, %,d/%,d records, %s records/s%n", done, partitions,
                n, total, rate(seconds > 0 ? n / seconds : 0.0));
    }

    /** Whole numbers from 10 a second up; below, two decimals (beam search of images runs at about 1 a second). */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond < 10 ? "%.2f" : "%,.0f", perSecond);
    }
}
