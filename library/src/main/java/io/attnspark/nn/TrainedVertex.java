package io.attnspark.nn;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;

/**
 * A SameDiff vertex of this project whose {@code clone()} keeps the training configuration that the graph builder
 * set on it. DL4J 1.0.0-M2's {@link SameDiffVertex#clone()} drops it, and every dl4j-spark worker clones the
 * configuration, so each subclass's {@code clone()} copies its own fields and then calls {@link #copyTrainingConfig}.
 * Its output carries the first input's mask (the decoder side for attention; any other input's mask, such as the
 * source mask, is consumed by the vertex).
 */
public abstract class TrainedVertex extends SameDiffVertex {
    private static final long serialVersionUID = 1L;

    /** Copies the updaters, regularisation, gradient normalisation, data type and name into {@code c}; returns it. */
    protected <T extends TrainedVertex> T copyTrainingConfig(T c) {
        c.updater = updater == null ? null : updater.clone();
        c.biasUpdater = biasUpdater == null ? null : biasUpdater.clone();
        c.regularization = regularization == null ? null : new ArrayList<>(regularization);
        c.regularizationBias = regularizationBias == null ? null : new ArrayList<>(regularizationBias);
        c.gradientNormalization = gradientNormalization;
        c.gradientNormalizationThreshold = gradientNormalizationThreshold;
        c.dataType = dataType;
        c.setName(getName());
        return c;
    }

    /** Passes on the first input's mask [batch, time] (null if it has none); the other inputs' masks end here. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        if (maskArrays == null || maskArrays[0] == null) {
            return new Pair<>(null, currentMaskState);
        }
        return new Pair<>(maskArrays[0], currentMaskState);
    }
}
