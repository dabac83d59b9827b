package io.attnspark.nn;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;

import java.util.ArrayList;

/**
 * A SameDiff vertex of this project whose {@code clone()} keeps the training configuration that the graph builder
 * set on it. DL4J 1.0.0-M2's {@link SameDiffVertex#clone()} drops it, and every dl4j-spark worker clones the
 * configuration, so each subclass's {@code clone()} copies its own fields and then calls {@link #copyTrainingConfig}.
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
}
