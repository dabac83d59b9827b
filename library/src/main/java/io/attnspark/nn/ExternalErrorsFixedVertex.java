package io.attnspark.nn;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime vertex of a {@link SameDiffVertex}, with DL4J 1.0.0-M2's doubled backward pass corrected.
 *
 * <p>In M2, the gradient function SameDiff builds for a vertex adds the external error (the epsilon from
 * the layer above) to itself ({@code add(out-grad, out-grad)}), so every gradient through a
 * {@code SameDiffGraphVertex} (its parameters and its inputs) comes out exactly twice too large.
 * This vertex hands SameDiff half the epsilon. {@code GlobalAttentionVertexGradientTest} checks the
 * result against finite differences, so a DL4J version without the defect would fail there.
 *
 * <p>Its SameDiff sessions (forward and gradient function) also reuse their released working arrays from one
 * step to the next instead of allocating every op output anew (see {@link SameDiffArrayReuse}).
 */
public class ExternalErrorsFixedVertex extends SameDiffGraphVertex {
    /** Factor that undoes the doubling of the external error in M2's SameDiff gradient function. */
    static final double EXTERNAL_ERROR_SCALE = 0.5;

    public ExternalErrorsFixedVertex(SameDiffVertex config, ComputationGraph graph, String name, int vertexIndex,
                              INDArray paramsView, boolean initParams, DataType dataType) {
        super(config, graph, name, vertexIndex, paramsView, initParams, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (sameDiff == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                doInit();
            }
        }
        SameDiffArrayReuse.prepareForward(sameDiff, workspaceMgr);
        return super.doForward(training, workspaceMgr);
    }

    /**
     * Halves the epsilon in place (no allocation in whichever workspace is open): it was computed for this
     * vertex alone and is not read again once this vertex has back-propagated it.
     */
    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        epsilon.muli(EXTERNAL_ERROR_SCALE);
        // DL4J creates the gradient function on the first backward pass: that one runs with DL4J's allocation
        if (sameDiff != null && sameDiff.hasGradientFunction()) {
            SameDiffArrayReuse.prepareBackward(sameDiff.getFunction("grad"), workspaceMgr);
        }
        return super.doBackward(tbptt, workspaceMgr);
    }
}
