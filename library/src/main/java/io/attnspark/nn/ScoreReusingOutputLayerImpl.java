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
        return out;
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
