package io.attnspark.jobs.train;

import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * How parameter averaging runs: {@code workers} copies of the model each fit
 * {@code averagingFrequency} minibatches of {@code batchSize} examples, then their parameters and
 * updater states are averaged on the driver.
 *
 * @param workers            parameter-averaging workers (executor cores), at least 1
 * @param batchSize          examples in a full minibatch (the RDD's elements are pre-built minibatches, of this
 *                           size or, under a token budget, at most this size); an averaging round takes
 *                           {@code workers x averagingFrequency} of them
 * @param averagingFrequency minibatches each worker fits between two averagings
 * @param prefetchBatches    minibatches each worker prefetches asynchronously (0 = none)
 * @param direct             true: batches reach workers in memory; false: exported to hadoop.tmp.dir first
 * @param seed               seed of the random split of the data into averaging rounds
 */
public record AveragingPlan(int workers, int batchSize, int averagingFrequency, int prefetchBatches,
                            boolean direct, long seed) {

    /** How the minibatch RDD is cached; the training master must use the same level as the trainer. */
    static final StorageLevel STORAGE = StorageLevel.MEMORY_ONLY_SER();

    public AveragingPlan {
        if (workers < 1) {
            throw new IllegalArgumentException("spark.workers=" + workers + " must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("train.batch-size=" + batchSize + " must be at least 1");
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("spark.averaging-frequency=" + averagingFrequency + " must be at least 1");
        }
        if (prefetchBatches < 0) {
            throw new IllegalArgumentException("spark.prefetch-batches=" + prefetchBatches + " must not be negative");
        }
    }

    /**
     * The dl4j-spark training master for this plan; each worker fits the RDD's minibatches as they are
     * ({@link WholeBatchTrainingMaster}), so they may hold different numbers of examples.
     */
    ParameterAveragingTrainingMaster trainingMaster() {
        return new WholeBatchTrainingMaster(new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(prefetchBatches)
                .saveUpdater(true)
                // The batches are already spread over the partitions; a shuffle per averaging round costs
                // more than it balances.
                .repartionData(Repartition.NumPartitionsWorkersDiffers)
                .rddTrainingApproach(direct ? RDDTrainingApproach.Direct : RDDTrainingApproach.Export)
                .storageLevel(STORAGE)
                .rngSeed(seed));
    }
}
