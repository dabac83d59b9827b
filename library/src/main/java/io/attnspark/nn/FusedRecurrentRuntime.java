package io.attnspark.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The runtime layer of a {@link FusedRecurrentLayer}: DL4J's SameDiff layer for the forward pass (the fused
 * op), with its own backward pass and input dropout.
 *
 * <p>Backward: SameDiff's gradient function is not used. For a GRU, M2's {@code gru_bp} differentiates
 * another formula than its forward op ({@link GruBackprop}); for an LSTM, M2's {@code lstmLayer_bp} is right
 * but slower than DL4J's whole LSTM ({@link LstmBackprop}); and M2's gradient function re-runs the forward
 * op and adds the external error to itself (gradients twice too large, as for a {@code SameDiffVertex}).
 * Both classes recompute the forward pass from the layer's input and back-propagate in ND4J ops.
 *
 * <p>Input dropout, which M2's {@code SameDiffLayer} never applies: in training the input is dropped out
 * before the forward pass (the backward pass sees the same dropped input), and the gradient to the input
 * is masked by the same dropout mask.
 */
final class FusedRecurrentRuntime extends SameDiffLayer {
    FusedRecurrentRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        return super.activate(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Map<String, INDArray> grads = gradTable;
        INDArray w = paramTable.get(FusedRecurrentLayer.PARAM_W);
        INDArray rw = paramTable.get(FusedRecurrentLayer.PARAM_RW);
        INDArray b = paramTable.get(FusedRecurrentLayer.PARAM_B);
        INDArray gW = grads.get(FusedRecurrentLayer.PARAM_W);
        INDArray gRW = grads.get(FusedRecurrentLayer.PARAM_RW);
        INDArray gB = grads.get(FusedRecurrentLayer.PARAM_B);
        INDArray dx = layerConf() instanceof FusedGruLayer
                ? GruBackprop.backward(input, maskArray, w, rw, b, epsilon, gW, gRW, gB)
                : LstmBackprop.backward(input, maskArray, w, rw, b, epsilon, gW, gRW, gB);
        backpropDropOutIfPresent(dx);
        Gradient g = new DefaultGradient();
        for (String key : paramTable.keySet()) {
            g.gradientForVariable().put(key, grads.get(key));
        }
        return new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx));
    }
}
