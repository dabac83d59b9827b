package io.attnspark.nn;

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
 * The runtime vertex of {@link InputFeedingDecoderVertex}: DL4J's SameDiff vertex for the parameter plumbing (views,
 * gradient views, updater, JSON), with the forward and backward passes of {@link InputFeedingPass} instead of SameDiff.
 * A training forward pass is kept for the backward pass on the same inputs (same dropout masks), then dropped.
 */
final class InputFeedingRuntime extends SameDiffGraphVertex {
    private InputFeedingPass.Forward kept;
    private INDArray keptEmb;
    private INDArray keptEnc;

    InputFeedingRuntime(InputFeedingDecoderVertex config, ComputationGraph graph, String name, int vertexIndex,
                        INDArray paramsView, boolean initParams, DataType dataType) {
        super(config, graph, name, vertexIndex, paramsView, initParams, dataType);
    }

    private InputFeedingPass pass() {
        return new InputFeedingPass((InputFeedingDecoderVertex) config, paramTable);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            InputFeedingPass.Forward f = forward(training);
            kept = training ? f : null;
            keptEmb = training ? inputs[0] : null;
            keptEnc = training ? inputs[1] : null;
            out = f.output();
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    private InputFeedingPass.Forward forward(boolean training) {
        return pass().forward(inputs[0], inputs[1], mask(0), mask(1), training);
    }

    /**
     * The mask of input i [batch, time], or null when there is none. DL4J M2 never clears a vertex's masks, so one
     * left from an earlier batch of another shape is ignored.
     */
    private INDArray mask(int i) {
        if (maskArrays == null || maskArrays.length <= i || maskArrays[i] == null) {
            return null;
        }
        INDArray m = maskArrays[i];
        INDArray in = inputs[i];
        return m.rank() == 2 && m.size(0) == in.size(0) && m.size(1) == in.size(2) ? m : null;
    }

    /**
     * Back-propagates the epsilon through the kept training forward pass (or, if there is none for these inputs, a
     * forward pass without dropout).
     */
    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        Map<String, INDArray> grads = new LinkedHashMap<>();
        INDArray[] dIn;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            InputFeedingPass.Forward f = kept != null && keptEmb == inputs[0] && keptEnc == inputs[1]
                    ? kept : forward(false);
            dIn = pass().backward(f, epsilon, grads);
        }
        kept = null;
        keptEmb = null;
        keptEnc = null;
        Gradient g = new DefaultGradient();
        for (String key : paramTable.keySet()) {
            INDArray view = gradTable.get(key);
            view.assign(grads.get(key));
            g.gradientForVariable().put(key, view);
        }
        return new Pair<>(g, new INDArray[] {workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dIn[0]),
                workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dIn[1])});
    }

    @Override
    public void clearVertex() {
        super.clearVertex();
        kept = null;
        keptEmb = null;
        keptEnc = null;
    }
}
