package io.attnspark.jobs.bench;

import io.attnspark.jobs.train.AveragingPlan;
import io.attnspark.jobs.train.EpochReport;
import io.attnspark.jobs.train.SparkTrainer;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;
import io.attnspark.train.LocalTrainer;
import io.attnspark.train.TrainConfig;
import io.attnspark.nn.RnnAttentionConfig;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The cost of parameter averaging: the configured model trained on the same minibatches (random ids, every
 * sentence {@code length} tokens, so no padding) once on one machine ({@link LocalTrainer}'s loop, ND4J
 * using the JVM's cores) and once by dl4j-spark with {@code workers} parameter-averaging workers on the
 * same Spark context. Each side fits the batches twice from a fresh model and the second pass is timed,
 * so JIT and native warm-up are left out of both.
 */
public final class AveragingOverhead {
    private AveragingOverhead() {
    }

    /**
     * @param local   target tokens/s of single-machine training
     * @param spark   target tokens/s of parameter averaging
     * @param workers parameter-averaging workers
     * @param batches minibatches in each timed pass
     */
    public record Result(double local, double spark, int workers, int batches) {
        /** Spark throughput over single-machine throughput (1 = no overhead). */
        public double ratio() {
            return spark / local;
        }
    }

    /**
     * Measures on {@code sc} with the model and training settings given.
     *
     * @param vocab  source and target vocabulary size (ids drawn uniformly above the special tokens)
     * @param length tokens per source and per target sentence, EOS / BOS included
     * @param beforeSpark runs between the two measurements (to give each Spark worker its share of threads)
     */
    public static Result measure(JavaSparkContext sc, RnnAttentionConfig model, TrainConfig train, int workers,
                                 int averagingFrequency, int batches, int vocab, int length, long seed,
                                 Runnable beforeSpark) throws Exception {
        if (batches < 1 || length < 2 || vocab <= SpecialTokens.COUNT) {
            throw new IllegalArgumentException("need batches >= 1, length >= 2 and a vocabulary above the special "
                    + "tokens; got " + batches + ", " + length + ", " + vocab);
        }
        List<MultiDataSet> data = randomBatches(batches, train.batchSize(), vocab, length, seed);
        long tokens = (long) batches * train.batchSize() * length;

        ComputationGraph single = LocalTrainer.newGraph(model, train, vocab, vocab, seed);
        data.forEach(single::fit);
        long start = System.nanoTime();
        data.forEach(single::fit);
        double local = tokens / ((System.nanoTime() - start) / 1e9);

        beforeSpark.run();
        ComputationGraph averaged = LocalTrainer.newGraph(model, train, vocab, vocab, seed);
        AveragingPlan plan = new AveragingPlan(workers, train.batchSize(), averagingFrequency, 0, true, seed);
        return new Result(local, secondPass(sc, plan, averaged, data), workers, batches);
    }

    /**
     * Fits {@code data} twice by parameter averaging as {@code plan} says, in {@code plan.workers()} partitions,
     * and returns the second pass's target tokens/s (the first warms up executors, JIT and natives).
     */
    static double secondPass(JavaSparkContext sc, AveragingPlan plan, ComputationGraph graph, List<MultiDataSet> data)
            throws Exception {
        double[] second = {Double.NaN};
        new SparkTrainer(sc, plan).fit(graph, sc.parallelize(data, plan.workers()), 2, (EpochReport r, ComputationGraph g) -> {
            if (r.epoch() == 2) {
                second[0] = r.tokensPerSecond();
            }
            return true;
        });
        return second[0];
    }

    /** {@code batches} minibatches of {@code size} pairs of random ids, {@code length} positions each side. */
    static List<MultiDataSet> randomBatches(int batches, int size, int vocab, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<MultiDataSet> out = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            out.add(Seq2SeqBatch.of(randomPairs(size, vocab, length, random)));
        }
        return out;
    }

    /**
     * {@code n} pairs of random ids above the special tokens, {@code length - 1} ids a side, so that with EOS
     * (source, labels) and BOS (decoder input) each side has {@code length} positions.
     */
    static List<TokenPair> randomPairs(int n, int vocab, int length, SplittableRandom random) {
        List<TokenPair> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pairs.add(new TokenPair(ids(random, vocab, length - 1), ids(random, vocab, length - 1)));
        }
        return pairs;
    }

    private static int[] ids(SplittableRandom random, int vocab, int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(SpecialTokens.COUNT, vocab);
        }
        return ids;
    }
}
