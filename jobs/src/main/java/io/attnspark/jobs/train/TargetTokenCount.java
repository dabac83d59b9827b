package io.attnspark.jobs.train;

import org.apache.spark.api.java.function.DoubleFunction;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Unmasked label positions of a minibatch (all positions when it has no label mask). */
final class TargetTokenCount implements DoubleFunction<MultiDataSet> {
    private static final long serialVersionUID = 1L;

    @Override
    public double call(MultiDataSet batch) {
        if (batch.getLabelsMaskArrays() != null && batch.getLabelsMaskArray(0) != null) {
            return batch.getLabelsMaskArray(0).sumNumber().doubleValue();
        }
        long[] shape = batch.getLabels(0).shape();
        return shape[0] * (double) (shape.length == 3 ? shape[2] : 1);
    }
}
