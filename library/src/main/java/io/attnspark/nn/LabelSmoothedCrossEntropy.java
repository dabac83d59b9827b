package io.attnspark.nn;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Cross-entropy against sparse labels (token ids, as {@code LossSparseMCXENT} takes them) with label
 * smoothing (Szegedy et al. 2016): the target distribution is {@code (1 - eps) one_hot(y) + eps / V} over the
 * V output classes. With eps = 0 it is exactly {@code LossSparseMCXENT}. The reported score is the smoothed
 * cross-entropy; the true negative log-likelihood is what validation reports.
 *
 * <p>With a softmax output the gradient with respect to the pre-activations is {@code p - target}, which
 * {@link LossMCXENT} computes once it is given the dense target distribution built here.
 */
public class LabelSmoothedCrossEntropy extends LossMCXENT {
    private static final long serialVersionUID = 1L;

    private double smoothing;

    /** For JSON deserialisation only. */
    public LabelSmoothedCrossEntropy() {
        this(0.0);
    }

    public LabelSmoothedCrossEntropy(@JsonProperty("smoothing") double smoothing) {
        super(1e-10, null);
        if (!(smoothing >= 0.0 && smoothing < 1.0)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    public double getSmoothing() {
        return smoothing;
    }

    public void setSmoothing(double smoothing) {
        this.smoothing = smoothing;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return super.computeScore(target(labels, preOutput), preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeScoreArray(target(labels, preOutput), preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeGradient(target(labels, preOutput), preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask, boolean average) {
        INDArray target = target(labels, preOutput);
        return new Pair<>(super.computeScore(target, preOutput, activationFn, mask, average),
                super.computeGradient(target, preOutput, activationFn, mask));
    }

    /** The dense target distribution [rows, V] for labels [rows, 1] holding class ids. */
    INDArray target(INDArray labels, INDArray preOutput) {
        Preconditions.checkState(labels.size(-1) == 1, "labels must hold one class id per row, got shape %ndShape",
                labels);
        long classes = preOutput.size(-1);
        INDArray target = preOutput.ulike();
        Nd4j.exec(new OneHot(labels.reshape(labels.length()), target, (int) classes));
        if (smoothing > 0) {
            target.muli(1.0 - smoothing).addi(smoothing / classes);
        }
        return target;
    }

    @Override
    public String name() {
        return "LabelSmoothedCrossEntropy";
    }

    @Override
    public String toString() {
        return "LabelSmoothedCrossEntropy(smoothing=" + smoothing + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSmoothedCrossEntropy other && other.smoothing == smoothing;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(smoothing);
    }
}
