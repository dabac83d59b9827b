package io.attnspark.nn;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime of a vertex whose forward and backward passes are written by hand in ND4J ops
 * ({@link InputFeedingRuntime}, {@link HardAttentionRuntime}, the Transformer's sub-layers): DL4J's SameDiff vertex
 * for the parameter plumbing (views, gradient views, updater, JSON), outside workspaces. A training forward pass is
 * kept for the backward pass on the same inputs (same dropout masks and draws), then dropped.
 *
 * @param <F> what a forward pass keeps for its backward pass
 */
public abstract class HandWrittenVertexRuntime<F> extends SameDiffGraphVertex {
    private F kept;
    private INDArray[] keptInputs;

    protected HandWrittenVertexRuntime(SameDiffVertex config, ComputationGraph graph, String name, int vertexIndex,
                             INDArray paramsView, boolean initParams, DataType dataType) {
        super(config, graph, name, vertexIndex, paramsView, initParams, dataType);
    }

    /** A forward pass over the current inputs, as training or inference. */
    protected abstract F forward(boolean training);

    /** The vertex output of pass {@code f}. */
    protected abstract INDArray output(F f);

    /** Back-propagates {@code epsilon} through {@code f}: parameter gradients into {@code grads}; input gradients. */
    protected abstract INDArray[] backward(F f, INDArray epsilon, Map<String, INDArray> grads);

    /** Whether a backward pass without a kept forward pass recomputes it as training (else as inference). */
    protected abstract boolean recomputesAsTraining();

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            F f = forward(training);
            kept = training ? f : null;
            keptInputs = training ? inputs.clone() : null;
            out = output(f);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    /**
     * The mask of input i [batch, time], or null when there is none. DL4J M2 never clears a vertex's masks, so one
     * left from an earlier batch of another shape is ignored.
     */
    protected final INDArray mask(int i) {
        if (maskArrays == null || maskArrays.length <= i || maskArrays[i] == null) {
            return null;
        }
        INDArray m = maskArrays[i];
        INDArray in = inputs[i];
        return m.rank() == 2 && m.size(0) == in.size(0) && m.size(1) == in.size(2) ? m : null;
    }

    /** Back-propagates the epsilon through the kept training forward pass, or a new one for these inputs. */
    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        Map<String, INDArray> grads = new LinkedHashMap<>();
        INDArray[] dIn;
        F f;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            f = kept != null && sameInputs() ? kept : forward(recomputesAsTraining());
            dIn = backward(f, epsilon, grads);
        }
        forget();
        Gradient g = new DefaultGradient();
        for (String key : paramTable.keySet()) {
            INDArray view = gradTable.get(key);
            view.assign(grads.get(key));
            g.gradientForVariable().put(key, view);
        }
        release(f, grads);
        INDArray[] out = new INDArray[dIn.length];
        for (int i = 0; i < dIn.length; i++) {
            out[i] = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dIn[i]);
        }
        return new Pair<>(g, out);
    }

    /**
     * Called once a backward pass is done and its gradients are copied into the gradient views: pass {@code f}'s
     * working arrays and the gradient arrays are no longer read and may be freed (not the vertex output nor the
     * input gradients handed on). Does nothing by default.
     */
    protected void release(F f, Map<String, INDArray> grads) {
    }

    /** Whether the inputs are the very arrays of the kept forward pass. */
    private boolean sameInputs() {
        if (keptInputs == null || keptInputs.length != inputs.length) {
            return false;
        }
        for (int i = 0; i < inputs.length; i++) {
            if (keptInputs[i] != inputs[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void clearVertex() {
        super.clearVertex();
        forget();
    }

    private void forget() {
        kept = null;
        keptInputs = null;
    }
}
