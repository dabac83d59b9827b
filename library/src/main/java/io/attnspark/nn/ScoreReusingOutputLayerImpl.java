package io.attnspark.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer of {@link ScoreReusingOutputLayer}: remembers the pre-activations [batch * time, nOut] computed in
 * {@link #backpropGradient} and hands them to the next training-time {@link #computeScore} of the same input and
 * labels (once), instead of multiplying again. Anything else (a new input, labels, {@link #clear()}) drops them.
 */
public class ScoreReusingOutputLayerImpl extends RnnOutputLayer {
    private boolean inBackprop;
    private INDArray backpropPreOutput;
    private INDArray reusableFor;
    private INDArray reusableLabels;

    public ScoreReusingOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        forget();
        inBackprop = true;
        Pair<Gradient, INDArray> out;
        try {
            out = super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            inBackprop = false;
        }
        if (backpropPreOutput != null) {
            reusableFor = input;
            reusableLabels = labels;
        }
        NativeMemoryPacer.stepDone();
        return out;
    }

    /**
     * The log-likelihood {@code log softmax(z)[y]} of each label under the pre-activations z of the last training
     * backward pass, as [batch, time] (before the next score, input or labels; null when there is none). Labels are
     * sparse ids [batch, 1, time] or one-hot [batch, nOut, time]; padded steps are not masked here (their label is
     * whatever the batch holds): callers apply the label mask.
     */
    INDArray labelLogLikelihoods() {
        if (backpropPreOutput == null || labels == null || labels.rank() != 3) {
            return null;
        }
        long b = labels.size(0);
        long t = labels.size(2);
        INDArray z = backpropPreOutput;                                       // [b * t, nOut], row i + b * time
        if (z.size(0) != b * t) {
            return null;
        }
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        double[] norm = org.nd4j.linalg.ops.transforms.Transforms.exp(shifted, true).sum(1).toDoubleVector();
        double[][] out = new double[(int) b][(int) t];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < t; k++) {
                long row = i + b * k;
                int label = labels.size(1) == 1 ? (int) labels.getDouble(i, 0, k)
                        : labels.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(k))
                        .argMax().getInt(0);
                out[i][k] = shifted.getDouble(row, label) - Math.log(norm[(int) row]);
            }
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(out).castTo(z.dataType());
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        boolean reuse = training && backpropPreOutput != null && input == reusableFor && labels == reusableLabels;
        if (!reuse) {
            forget();
        }
        try {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        } finally {
            forget();
        }
    }

    @Override
    protected INDArray preOutput2d(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!inBackprop && training && backpropPreOutput != null) {
            return backpropPreOutput;
        }
        INDArray z = super.preOutput2d(training, workspaceMgr);
        if (inBackprop && training) {
            backpropPreOutput = z;
        }
        return z;
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        forget();
        super.setInput(input, workspaceMgr);
    }

    @Override
    public void setLabels(INDArray labels) {
        forget();
        super.setLabels(labels);
    }

    @Override
    public void clear() {
        forget();
        super.clear();
    }

    private void forget() {
        backpropPreOutput = null;
        reusableFor = null;
        reusableLabels = null;
    }
}
