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
 *
 * <p>Captions may be grouped by image: with labels of [k b, steps] for a grid of [b, ...], captions k i .. k i + k - 1
 * belong to image i, which the encoder then ran once instead of k times. The loss and the gradients are those of
 * the grid repeated k times (the grid's gradient summed over its copies); the score is per caption, as DL4J's
 * updater divides the gradients by the labels' k b rows.
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
        int k = group(input, labels);
        double loss;
        if (training && input == backpropInput && labels == backpropLabels) {
            // computeGradientAndScore asks for the score right after the backward pass, with the same parameters,
            // input and labels: its forward pass already gave the loss (saves a whole decoder forward per step)
            loss = backpropLoss;
        } else {
            loss = new AttendTellBackprop(paramTable, decoderConf()).run(repeatRows(input, k), labels, false, random())
                    .loss();
        }
        backpropInput = null;
        backpropLabels = null;
        return (loss / k + fullNetRegTerm) / input.size(0);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (labels == null) {
            throw new IllegalStateException("the captioner's decoder needs labels (caption ids) to back-propagate");
        }
        int k = group(input, labels);
        AttendTellBackprop.Result r = new AttendTellBackprop(paramTable, decoderConf())
                .run(repeatRows(input, k), labels, true, random());
        backpropLoss = r.loss();
        backpropInput = input;
        backpropLabels = labels;
        Gradient g = new DefaultGradient();
        for (Map.Entry<String, INDArray> e : paramTable.entrySet()) {
            INDArray view = gradTable.get(e.getKey());
            view.assign(r.gradients().get(e.getKey()));
            g.gradientForVariable().put(e.getKey(), view);
        }
        INDArray dGrid = r.inputGrad();
        if (k > 1) {
            long b = input.size(0);
            dGrid = dGrid.reshape('c', b, k, dGrid.length() / (b * k)).sum(1);
        }
        INDArray dInput = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dGrid.reshape(input.shape()));
        return new Pair<>(g, dInput);
    }

    /** Captions per image: labels' rows over the grid's (at least 1, a whole number). */
    static int group(INDArray grid, INDArray labels) {
        long images = grid.size(0);
        long captions = labels.size(0);
        if (captions < images || captions % images != 0) {
            throw new IllegalArgumentException("the caption decoder got " + captions + " captions for " + images
                    + " images; it needs the same number of captions (k >= 1) for every image, image-major");
        }
        return (int) (captions / images);
    }

    /** Each row of {@code grid} [b, ...] repeated k times in a row: [k b, ...] (itself when k = 1). */
    static INDArray repeatRows(INDArray grid, int k) {
        if (k == 1) {
            return grid;
        }
        long[] shape = grid.shape().clone();
        long b = shape[0];
        long rest = grid.length() / b;
        INDArray out = grid.reshape('c', b, 1, rest).broadcast(b, k, rest).dup('c');
        shape[0] = b * k;
        return out.reshape('c', shape);
    }
}
