package io.attnspark.jobs.train;

import io.attnspark.jobs.spark.SparkSettings;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
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
 * @param repartition        when a round's minibatches are reshuffled over the workers
 * @param storage            how the minibatch RDD is cached (the trainer and the training master use the same level)
 */
public record AveragingPlan(int workers, int batchSize, int averagingFrequency, int prefetchBatches,
                            boolean direct, long seed, SparkSettings.Repartition repartition, StorageLevel storage) {

    /**
     * How minibatch RDDs are cached by default: serialized, compact on the heap. Large minibatches (images) are
     * better cached as objects ({@link #withStorage}): deserializing an INDArray reads it value by value.
     */
    static final StorageLevel STORAGE = StorageLevel.MEMORY_ONLY_SER();

    /** A plan that reshuffles a round only when its partitions do not match the workers. */
    public AveragingPlan(int workers, int batchSize, int averagingFrequency, int prefetchBatches, boolean direct,
                         long seed) {
        this(workers, batchSize, averagingFrequency, prefetchBatches, direct, seed,
                SparkSettings.Repartition.WHEN_PARTITIONS_DIFFER, STORAGE);
    }

    /** The plan the {@code spark} settings describe, for minibatches of (at most) {@code batchSize} examples. */
    public static AveragingPlan of(SparkSettings settings, int batchSize, long seed) {
        return new AveragingPlan(settings.workers(), batchSize, settings.averagingFrequency(),
                settings.prefetchBatches(), settings.approach() == SparkSettings.Approach.DIRECT, seed,
                settings.repartition(), STORAGE);
    }

    /** This plan with the minibatch RDD cached at {@code level}. */
    public AveragingPlan withStorage(StorageLevel level) {
        return new AveragingPlan(workers, batchSize, averagingFrequency, prefetchBatches, direct, seed, repartition,
                level);
    }

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
        if (storage == null || !storage.isValid()) {   // NONE, or any level that keeps nothing
            throw new IllegalArgumentException("the minibatch RDD needs a storage level, got " + storage);
        }
        if (prefetchBatches < 0) {
            throw new IllegalArgumentException("spark.prefetch-batches=" + prefetchBatches + " must not be negative");
        }
    }

    /**
     * The dl4j-spark training master for this plan; each worker fits the RDD's minibatches as they are
     * ({@link WholeBatchTrainingMaster}), so they may hold different numbers of examples.
     */
    WholeBatchTrainingMaster trainingMaster() {
        return new WholeBatchTrainingMaster(new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(prefetchBatches)
                .saveUpdater(true)
                .repartionData(repartition.dl4j())
                .rddTrainingApproach(direct ? RDDTrainingApproach.Direct : RDDTrainingApproach.Export)
                .storageLevel(storage)
                .rngSeed(seed));
    }
}
