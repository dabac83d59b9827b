package io.attnspark.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The runtime layer of a {@link FusedRecurrentLayer}: DL4J's SameDiff layer for the forward pass (the fused
 * op), with its own backward pass and input dropout.
 *
 * <p>Backward: SameDiff's gradient function is not used. For a GRU, M2's {@code gru_bp} differentiates
 * another formula than its forward op ({@link GruBackprop}); for an LSTM, M2's {@code lstmLayer_bp} is right
 * but slower than DL4J's whole LSTM ({@link LstmBackprop}); and M2's gradient function re-runs the forward
 * op and adds the external error to itself (gradients twice too large, as for a {@code SameDiffVertex}).
 * Both classes back-propagate in ND4J ops; an LSTM's training forward pass keeps its gates for the backward
 * pass, a GRU's backward pass recomputes them.
 *
 * <p>Input dropout, which M2's {@code SameDiffLayer} never applies: in training the input is dropped out
 * before the forward pass (the backward pass sees the same dropped input), and the gradient to the input
 * is masked by the same dropout mask.
 */
final class FusedRecurrentRuntime extends SameDiffLayer {
    /** An LSTM's training forward pass, kept for the backward pass on the same input (then dropped). */
    private LstmBackprop.Forward kept;
    private INDArray keptInput;

    FusedRecurrentRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * In training an LSTM runs {@link LstmBackprop#forward} and keeps its gates and states, so that the backward
     * pass does not recompute them; otherwise (inference, GRU) the fused op of the SameDiff graph runs.
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        kept = null;
        keptInput = null;
        if (training && layerConf() instanceof FusedLstmLayer) {
            INDArray out;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                kept = LstmBackprop.forward(input, paramTable.get(FusedRecurrentLayer.PARAM_W),
                        paramTable.get(FusedRecurrentLayer.PARAM_RW), paramTable.get(FusedRecurrentLayer.PARAM_B));
                keptInput = input;
                out = kept.output(maskArray);
            }
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
        }
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
        INDArray dx;
        if (layerConf() instanceof FusedGruLayer) {
            dx = GruBackprop.backward(input, maskArray, w, rw, b, epsilon, gW, gRW, gB);
        } else if (kept != null && keptInput == input) {
            dx = LstmBackprop.backward(kept, maskArray, w, rw, epsilon, gW, gRW, gB);
        } else {
            dx = LstmBackprop.backward(input, maskArray, w, rw, b, epsilon, gW, gRW, gB);
        }
        kept = null;
        keptInput = null;
        backpropDropOutIfPresent(dx);
        Gradient g = new DefaultGradient();
        for (String key : paramTable.keySet()) {
            g.gradientForVariable().put(key, grads.get(key));
        }
        return new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx));
    }
}
