package io.attnspark.jobs.train;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.util.SparkUtils;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * dl4j-spark parameter averaging that fits each RDD element as the minibatch it is. The stock worker
 * re-batches its partition to {@code batchSizePerWorker} examples, merging and splitting the elements;
 * that undoes token-budget minibatches (a different number of pairs in each). Only the per-round worker
 * step changes: the split into averaging rounds ({@code workers x averagingFrequency} elements each),
 * the repartitioning, the averaging of parameters and updater state and the score stay dl4j-spark's. The workers
 * add each minibatch's loss to the {@link EpochLoss} set by {@link #recordLoss} (the epoch's mean training loss;
 * dl4j-spark's own score is the last round's only).
 */
final class WholeBatchTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final long serialVersionUID = 1L;

    private EpochLoss loss;

    WholeBatchTrainingMaster(Builder builder) {
        super(builder);
    }

    /** Where the workers of the following rounds add their minibatches' losses. */
    void recordLoss(EpochLoss loss) {
        this.loss = loss;
    }

    @Override
    protected void doIteration(SparkComputationGraph graph, JavaRDD<MultiDataSet> split, int splitNum,
                               int numSplits) {
        JavaRDD<MultiDataSet> data = SparkUtils.repartition(split, repartition, repartitionStrategy,
                numObjectsEachWorker(rddDataSetNumExamples), numWorkers);
        if (loss == null) {
            throw new IllegalStateException("no EpochLoss to record the training loss in (call recordLoss first)");
        }
        processResults(null, graph, data.mapPartitions(new WholeBatchWorkerFn<>(getWorkerInstance(graph), loss)),
                splitNum, numSplits);
    }
}
