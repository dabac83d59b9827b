package io.attnspark.nn;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The reference for {@link LabelSmoothedCrossEntropy}: its former implementation, which builds the dense
 * target distribution {@code (1 - eps) one_hot(y) + eps / V} [rows, V] and hands it to {@link LossMCXENT}
 * (softmax computed separately for the score and for the gradient). Labels [rows, 1] class ids.
 */
final class DenseLabelSmoothedCrossEntropy extends LossMCXENT {
    private final double smoothing;

    DenseLabelSmoothedCrossEntropy(double smoothing) {
        super(1e-10, null);
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
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    private INDArray target(INDArray labels, INDArray preOutput) {
        long classes = preOutput.size(-1);
        INDArray target = preOutput.ulike();
        Nd4j.exec(new OneHot(labels.reshape(labels.length()), target, (int) classes));
        if (smoothing > 0) {
            target.muli(1.0 - smoothing).addi(smoothing / classes);
        }
        return target;
    }
}
