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
 * The runtime layer of a {@link FusedRecurrentLayer}: DL4J's SameDiff layer with two M2 defects fixed.
 *
 * <p>Input dropout, which M2's {@code SameDiffLayer} never applies: in training the input is dropped out
 * before the SameDiff forward pass (so the backward pass sees the same dropped input), and the gradient to
 * the input is masked by the same dropout mask.
 *
 * <p>The doubled backward pass: as for a {@code SameDiffVertex} (see {@link ExternalErrorsFixedVertex}),
 * M2's gradient function adds the external error to itself, so every gradient of the layer (parameters
 * and input) comes out twice too large; SameDiff is handed half the epsilon.
 * {@code FusedRecurrentLayerGradientTest} checks the result against finite differences.
 *
 * <p>A GRU's backward pass does not use SameDiff at all: M2's {@code gru_bp} is wrong (see {@link GruBackprop}).
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
        Pair<Gradient, INDArray> r = layerConf() instanceof FusedGruLayer
                ? gruBackprop(epsilon, workspaceMgr)
                : super.backpropGradient(epsilon.mul(ExternalErrorsFixedVertex.EXTERNAL_ERROR_SCALE), workspaceMgr);
        backpropDropOutIfPresent(r.getSecond());
        return r;
    }

    private Pair<Gradient, INDArray> gruBackprop(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Map<String, INDArray> grads = gradTable;
        INDArray dx = GruBackprop.backward(input, maskArray, paramTable.get(FusedGruLayer.PARAM_W),
                paramTable.get(FusedGruLayer.PARAM_RW), paramTable.get(FusedGruLayer.PARAM_B), epsilon,
                grads.get(FusedGruLayer.PARAM_W), grads.get(FusedGruLayer.PARAM_RW), grads.get(FusedGruLayer.PARAM_B));
        Gradient g = new DefaultGradient();
        for (String key : paramTable.keySet()) {
            g.gradientForVariable().put(key, grads.get(key));
        }
        return new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx));
    }
}
