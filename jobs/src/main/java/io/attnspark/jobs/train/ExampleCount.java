package io.attnspark.jobs.train;

import org.apache.spark.api.java.function.DoubleFunction;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Examples (sentence pairs, captions) in a minibatch: its labels' rows. */
final class ExampleCount implements DoubleFunction<MultiDataSet> {
    private static final long serialVersionUID = 1L;

    @Override
    public double call(MultiDataSet batch) {
        return batch.getLabels(0).size(0);
    }
}
