package io.attnspark.jobs.bench;

import io.attnspark.jobs.cluster.ClusterControl;
import io.attnspark.jobs.cluster.ClusterLauncher;
import io.attnspark.jobs.cluster.ClusterState;
import io.attnspark.jobs.spark.SparkSessions;
import io.attnspark.jobs.spark.SparkSettings;
import io.attnspark.jobs.train.AveragingPlan;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.train.LocalTrainer;
import io.attnspark.train.TrainConfig;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How parameter averaging scales over executors: the same minibatches (random ids, 16 positions a side)
 * trained by dl4j-spark on a standalone cluster of one single-core worker, then on one of two, each
 * cluster started for the measurement and stopped after it ({@link ClusterLauncher}). Workers are pinned
 * ({@code taskset}): worker i and its executor run on core i-1 only, so one executor has one core, not a
 * share of the machine's; the driver is not pinned. Each side fits the
 * minibatches twice from a fresh model; the second pass is timed, so executor start-up, JIT and native
 * warm-up are left out.
 */
public final class ClusterScaling {
    /** Heap of each executor, and the worker memory that holds it. */
    static final String EXECUTOR_MEMORY = "1536m";
    static final String WORKER_MEMORY = "2g";

    private ClusterScaling() {
    }

    /**
     * @param one target tokens/s with one executor of one core
     * @param two target tokens/s with two executors of one core each
     */
    public record Result(double one, double two, int batches) {
        /** Two executors over one (2 = perfect scaling). */
        public double speedup() {
            return two / one;
        }
    }

    /** Measures the configured model; progress to {@code err}. */
    public static Result measure(RnnAttentionConfig model, TrainConfig train, SparkSettings settings, int batches,
                                 int vocab, long seed, PrintWriter err) throws Exception {
        List<MultiDataSet> data = AveragingOverhead.randomBatches(batches, train.batchSize(), vocab, 16, seed);
        double one = onCluster(1, model, train, settings, data, vocab, seed, err);
        double two = onCluster(2, model, train, settings, data, vocab, seed, err);
        return new Result(one, two, batches);
    }

    private static double onCluster(int executors, RnnAttentionConfig model, TrainConfig train, SparkSettings settings,
                                    List<MultiDataSet> data, int vocab, long seed, PrintWriter err) throws Exception {
        Path dir = Files.createTempDirectory("attnspark-bench-cluster-");
        try {
            ClusterState cluster = ClusterLauncher.start(new ClusterLauncher.Request(dir, executors, 1, WORKER_MEMORY,
                    0, Duration.ofMinutes(3), true), err);
            err.flush();
            try {
                Map<String, String> conf = new HashMap<>(settings.conf());
                conf.put("spark.executor.memory", EXECUTOR_MEMORY);
                conf.put("spark.executor.cores", "1");
                conf.put("spark.cores.max", String.valueOf(executors));
                conf.putIfAbsent("spark.locality.wait", System.getProperty("attnspark.bench.locality-wait", "3s"));
                SparkSettings onCluster = new SparkSettings(cluster.masterUrl(), executors,
                        settings.averagingFrequency(), 0, SparkSettings.Approach.DIRECT, settings.repartition(), conf);
                SparkSession session = SparkSessions.create(onCluster, "attnspark bench cluster", cluster.masterUrl());
                try {
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
                    awaitExecutors(sc, executors);
                    ComputationGraph graph = LocalTrainer.newGraph(model, train, vocab, vocab, seed);
                    double tokensPerSecond = AveragingOverhead.secondPass(sc,
                            AveragingPlan.of(onCluster, train.batchSize(), seed), graph, data);
                    err.printf(Locale.ROOT, "bench: %d executor%s of 1 core: %.1f target tokens/s%n", executors,
                            executors == 1 ? "" : "s", tokensPerSecond);
                    err.flush();
                    return tokensPerSecond;
                } finally {
                    session.stop();
                }
            } finally {
                ClusterControl.stop(dir, err);
                err.flush();
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Waits until {@code executors} executors have registered with the driver (3 minutes at most). */
    private static void awaitExecutors(JavaSparkContext sc, int executors) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (sc.sc().getExecutorMemoryStatus().size() - 1 < executors) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (sc.sc().getExecutorMemoryStatus().size() - 1) + " of "
                        + executors + " executors registered within 3 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }
}
