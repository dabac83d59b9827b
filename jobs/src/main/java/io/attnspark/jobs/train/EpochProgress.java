package io.attnspark.jobs.train;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress inside an epoch: dl4j-spark ends each parameter-averaging round with one {@code treeAggregate} job
 * (collecting the workers' parameters), so counting those jobs on the driver gives the rounds done; about
 * every tenth of the epoch a line with the rounds, the minibatches and an estimate of the time left in the
 * epoch is printed.
 */
final class EpochProgress extends SparkListener {
    private final PrintStream out;
    private final int rounds;
    private final long batches;
    private final AtomicInteger done = new AtomicInteger();
    private volatile int epoch;
    private volatile int epochs;
    private volatile long start;
    private volatile boolean active;

    /**
     * @param batches       minibatches per epoch
     * @param perRound      minibatches fitted per averaging round (workers x averaging frequency)
     */
    EpochProgress(PrintStream out, long batches, int perRound) {
        this.out = out;
        this.batches = batches;
        this.rounds = (int) Math.max(1, (batches + perRound - 1) / perRound);
    }

    void begin(int epoch, int epochs) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.start = System.nanoTime();
        done.set(0);
        active = true;
    }

    void end() {
        active = false;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        if (!active) {
            return;
        }
        boolean averaging = false;
        scala.collection.Iterator<StageInfo> stages = jobStart.stageInfos().iterator();
        while (stages.hasNext()) {
            averaging |= stages.next().name().startsWith("treeAggregate");
        }
        if (!averaging) {
            return;
        }
        int d = done.incrementAndGet();
        int every = Math.max(1, rounds / 10);
        if (d % every != 0 || d >= rounds) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double left = seconds / d * (rounds - d);
        out.printf(Locale.ROOT, "train: epoch %d/%d  %3.0f%%  round %d/%d  ~%d minibatches  %.0fs  epoch eta %s%n",
                epoch, epochs, 100.0 * d / rounds, d, rounds, Math.min(batches, batches * d / rounds), seconds,
                EpochReport.formatDuration(left));
    }
}
