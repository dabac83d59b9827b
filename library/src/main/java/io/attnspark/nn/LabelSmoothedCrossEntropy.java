package io.attnspark.nn;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Cross-entropy against sparse labels (token ids, as {@code LossSparseMCXENT} takes them) with label
 * smoothing (Szegedy et al. 2016): the target distribution is {@code (1 - eps) one_hot(y) + eps / V} over the
 * V output classes. With eps = 0 it is exactly {@code LossSparseMCXENT}. The reported score is the smoothed
 * cross-entropy; the true negative log-likelihood is what validation reports.
 *
 * <p>With a softmax output (the only use in the project) the loss is fused: the softmax p of the
 * pre-activations {@code z} [rows, V] is computed once, the score per row is
 * {@code -(1 - eps) log p[y] - eps / V * sum_c log p[c]} (with the probabilities clipped to
 * [{@value #CLIP}, 1 - {@value #CLIP}] as {@link LossMCXENT} clips them; the sum over classes only when
 * eps > 0), and the gradient with respect to {@code z} is {@code p - eps / V} minus {@code 1 - eps} scattered
 * at the label of each row. No dense [rows, V] target matrix is built. {@link #computeGradientAndScore} shares
 * one softmax between the two.
 * Labels are [rows, 1] class ids; the mask is per row, [rows, 1] (0 = padding), as the output layer gives it.
 * Any other activation, or a per-output mask, takes the dense path of {@link LossMCXENT} (as before).
 */
public class LabelSmoothedCrossEntropy extends LossMCXENT {
    private static final long serialVersionUID = 1L;

    /** The probability clip of {@link LossMCXENT}'s score (its default {@code softmaxClipEps}). */
    static final double CLIP = 1e-10;

    private double smoothing;

    /** For JSON deserialisation only. */
    public LabelSmoothedCrossEntropy() {
        this(0.0);
    }

    public LabelSmoothedCrossEntropy(@JsonProperty("smoothing") double smoothing) {
        super(CLIP, null);
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
        if (!fused(activationFn, mask)) {
            return super.computeScore(target(labels, preOutput), preOutput, activationFn, mask, average);
        }
        double score = sum(rowScores(classIds(labels, preOutput), softmax(preOutput), rowWeights(mask, preOutput)));
        return average ? score / preOutput.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (!fused(activationFn, mask)) {
            return super.computeScoreArray(target(labels, preOutput), preOutput, activationFn, mask);
        }
        double[] rows = rowScores(classIds(labels, preOutput), softmax(preOutput), rowWeights(mask, preOutput));
        return Nd4j.createFromArray(rows).reshape(rows.length, 1).castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (!fused(activationFn, mask)) {
            return super.computeGradient(target(labels, preOutput), preOutput, activationFn, mask);
        }
        return gradientFromSoftmax(softmax(preOutput), classIds(labels, preOutput), mask, rowWeights(mask, preOutput));
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask, boolean average) {
        if (!fused(activationFn, mask)) {
            INDArray target = target(labels, preOutput);
            return new Pair<>(super.computeScore(target, preOutput, activationFn, mask, average),
                    super.computeGradient(target, preOutput, activationFn, mask));
        }
        int[] ids = classIds(labels, preOutput);
        double[] w = rowWeights(mask, preOutput);
        INDArray p = softmax(preOutput);
        double score = sum(rowScores(ids, p, w));   // reads p before the gradient overwrites it
        INDArray grad = gradientFromSoftmax(p, ids, mask, w);
        return new Pair<>(average ? score / preOutput.size(0) : score, grad);
    }

    /** The fused path needs a softmax output and no per-output mask. */
    private static boolean fused(IActivation activationFn, INDArray mask) {
        return activationFn instanceof ActivationSoftmax && (mask == null || mask.isColumnVectorOrScalar());
    }

    /** softmax(z) [rows, V], a new array (libnd4j's softmax is several times faster than its log_softmax). */
    private static INDArray softmax(INDArray preOutput) {
        INDArray p = preOutput.ulike();
        Nd4j.exec(new SoftMax(preOutput, p, -1));
        return p;
    }

    /**
     * The smoothed cross-entropy of each row of the probabilities p [rows, V], clipped to [CLIP, 1 - CLIP]
     * before the logarithm as {@link LossMCXENT} does, times the row's mask weight. Leaves {@code p} as it is.
     */
    private double[] rowScores(int[] ids, INDArray p, double[] w) {
        int rows = ids.length;
        double classes = p.size(-1);
        double[] score = new double[rows];
        double[] uniform = null;
        if (smoothing > 0) {   // sum_c log clip(p_c), on a copy
            INDArray logp = Transforms.max(p, CLIP, true);
            uniform = Transforms.log(Transforms.min(logp, 1.0 - CLIP, false), false).sum(1).toDoubleVector();
        }
        for (int r = 0; r < rows; r++) {
            if (w != null && w[r] == 0.0) {
                continue;
            }
            double label = Math.log(Math.min(Math.max(p.getDouble(r, ids[r]), CLIP), 1.0 - CLIP));
            double s = -(1.0 - smoothing) * label;
            if (uniform != null) {
                s -= smoothing / classes * uniform[r];
            }
            score[r] = w == null ? s : s * w[r];
        }
        return score;
    }

    /** softmax(z) - target, masked per row, computed in {@code p} [rows, V] (which it returns). */
    private INDArray gradientFromSoftmax(INDArray p, int[] ids, INDArray mask, double[] w) {
        if (smoothing > 0) {
            p.subi(smoothing / p.size(-1));
        }
        if (mask != null) {
            p.muliColumnVector(mask.castTo(p.dataType()).reshape(p.size(0), 1));
        }
        double hit = 1.0 - smoothing;
        for (int r = 0; r < ids.length; r++) {
            double m = w == null ? 1.0 : w[r];
            if (m != 0.0) {
                p.putScalar(r, ids[r], p.getDouble(r, ids[r]) - hit * m);
            }
        }
        return p;
    }

    /** The class id of each row of labels [rows, 1], checked against the V = preOutput.size(-1) classes. */
    private static int[] classIds(INDArray labels, INDArray preOutput) {
        Preconditions.checkState(labels.size(-1) == 1 && labels.size(0) == preOutput.size(0),
                "labels must hold one class id per row of %ndShape, got shape %ndShape", preOutput, labels);
        double[] raw = labels.toDoubleVector();
        long classes = preOutput.size(-1);
        int[] ids = new int[raw.length];
        for (int r = 0; r < raw.length; r++) {
            if (!(raw[r] >= 0 && raw[r] < classes && raw[r] == Math.rint(raw[r]))) {
                throw new IllegalArgumentException("label " + raw[r] + " in row " + r + " is not a class id in [0, "
                        + classes + ")");
            }
            ids[r] = (int) raw[r];
        }
        return ids;
    }

    /** The per-row mask weights, or null for no mask. */
    private static double[] rowWeights(INDArray mask, INDArray preOutput) {
        if (mask == null) {
            return null;
        }
        double[] w = mask.isScalar() ? new double[] {mask.getDouble(0)} : mask.toDoubleVector();
        if (w.length == 1 && preOutput.size(0) != 1) {
            double v = w[0];
            w = new double[(int) preOutput.size(0)];
            java.util.Arrays.fill(w, v);
        }
        return w;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** The dense target distribution [rows, V] for labels [rows, 1] holding class ids (non-softmax path). */
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
