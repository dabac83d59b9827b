package io.attnspark.nn.caption;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The runtime layer of {@link ShowAttendTellDecoder}: DL4J's SameDiff output layer for the parameter plumbing
 * (parameter and gradient views, the updater, JSON), with the score and the backward pass computed by
 * {@link AttendTellBackprop}. Activations are the input grid.
 */
final class ShowAttendTellRuntime extends SameDiffOutputLayer {
    /** The loss of the last backward pass, for the score that DL4J asks for right after it (then cleared). */
    private double backpropLoss = Double.NaN;
    private INDArray backpropInput;
    private INDArray backpropLabels;

    ShowAttendTellRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private ShowAttendTellDecoder decoderConf() {
        return (ShowAttendTellDecoder) layerConf();
    }

    /**
     * Draws for hard attention, seeded from ND4J's generator (which the trainer seeds); null for soft attention,
     * which draws nothing (so that it leaves ND4J's sequence, e.g. the dropout masks, as it was).
     */
    private java.util.Random random() {
        return decoderConf().isHardAttention()
                ? new java.util.Random(org.nd4j.linalg.factory.Nd4j.getRandom().nextLong()) : null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        double loss;
        if (training && input == backpropInput && labels == backpropLabels) {
            // computeGradientAndScore asks for the score right after the backward pass, with the same parameters,
            // input and labels: its forward pass already gave the loss (saves a whole decoder forward per step)
            loss = backpropLoss;
        } else {
            loss = new AttendTellBackprop(paramTable, decoderConf()).run(input, labels, false, random()).loss();
        }
        backpropInput = null;
        backpropLabels = null;
        return (loss + fullNetRegTerm) / input.size(0);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (labels == null) {
            throw new IllegalStateException("the captioner's decoder needs labels (caption ids) to back-propagate");
        }
        AttendTellBackprop.Result r = new AttendTellBackprop(paramTable, decoderConf()).run(input, labels, true, random());
        backpropLoss = r.loss();
        backpropInput = input;
        backpropLabels = labels;
        Gradient g = new DefaultGradient();
        for (Map.Entry<String, INDArray> e : paramTable.entrySet()) {
            INDArray view = gradTable.get(e.getKey());
            view.assign(r.gradients().get(e.getKey()));
            g.gradientForVariable().put(e.getKey(), view);
        }
        INDArray dInput = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, r.inputGrad().reshape(input.shape()));
        return new Pair<>(g, dInput);
    }
}
