package io.attnspark.jobs.train;

import java.io.PrintStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Distributed training of a {@link ComputationGraph} with dl4j-spark parameter averaging.
 * The RDD holds pre-built minibatches (of {@link AveragingPlan#batchSize()} examples, or fewer under a token
 * budget), each fitted as it is; it is
 * cached once and fitted for the given number of epochs. Each epoch dl4j-spark splits it at random
 * into averaging rounds of {@code workers * averagingFrequency} minibatches.
 */
public final class SparkTrainer {
    private final JavaSparkContext sc;
    private final AveragingPlan plan;

    /** Hears about each finished epoch; returns false to stop training there. */
    @FunctionalInterface
    public interface EpochListener {
        boolean epochDone(EpochReport report, ComputationGraph model) throws Exception;
    }

    private final PrintStream progress;

    public SparkTrainer(JavaSparkContext sc, AveragingPlan plan) {
        this(sc, plan, null);
    }

    /** With {@code progress} (null for none) getting about ten lines per epoch from inside it. */
    public SparkTrainer(JavaSparkContext sc, AveragingPlan plan, PrintStream progress) {
        this.sc = sc;
        this.plan = plan;
        this.progress = progress;
    }

    /**
     * Fits {@code model} (its parameters and updater state are the starting point) for epochs
     * {@code firstEpoch..epochs} and returns the trained graph; {@code onEpoch} hears about every finished epoch, with the
     * averaged model of that moment (it may save or evaluate it, or change its learning rate, not train it)
     * and may stop training there.
     *
     * @param batches minibatches whose first label array is [batch, 1 or classes, time] with a label
     *                mask [batch, time]; the number of unmasked label positions counts as tokens
     */
    public ComputationGraph fit(ComputationGraph model, JavaRDD<MultiDataSet> batches, int epochs,
                                EpochListener onEpoch) throws Exception {
        return fit(model, batches, 1, epochs, onEpoch);
    }

    /** {@link #fit(ComputationGraph, JavaRDD, int, EpochListener)} from epoch {@code firstEpoch} on (resuming). */
    public ComputationGraph fit(ComputationGraph model, JavaRDD<MultiDataSet> batches, int firstEpoch, int epochs,
                                EpochListener onEpoch) throws Exception {
        JavaRDD<MultiDataSet> cached = batches.persist(plan.storage());
        EpochProgress inEpochListener = null;
        try {
            long batchCount = cached.count();
            WholeBatchTrainingMaster master = plan.trainingMaster();
            SparkComputationGraph spark = new SparkComputationGraph(sc, CounterKeepingConfiguration.wrap(model), master);
            EpochProgress inEpoch = progress == null ? null
                    : new EpochProgress(progress, batchCount, plan.workers() * plan.averagingFrequency());
            if (inEpoch != null) {
                sc.sc().addSparkListener(inEpoch);
                inEpochListener = inEpoch;
            }
            for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                if (inEpoch != null) {
                    inEpoch.begin(epoch, epochs);
                }
                EpochLoss epochLoss = EpochLoss.start(sc, epoch);
                master.recordLoss(epochLoss);
                try {
                    spark.fitMultiDataSet(cached);
                } finally {
                    if (inEpoch != null) {
                        inEpoch.end();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double loss = epochLoss.perToken();
                long tokens = epochLoss.tokens();
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("training loss became " + loss + " in epoch " + epoch
                            + "; lower train.learning-rate or set train.gradient-clip");
                }
                if (!onEpoch.epochDone(new EpochReport(epoch, epochs, loss, seconds, tokens), spark.getNetwork())) {
                    break;
                }
            }
            return spark.getNetwork();
        } finally {
            cached.unpersist(false);
            if (inEpochListener != null) {
                sc.sc().removeSparkListener(inEpochListener);
            }
        }
    }
}
