package io.attnspark.nn.transformer;

import io.attnspark.nn.ExternalErrorsFixedVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime vertex of a {@link TransformerVertex}: M2's doubled external error halved (see
 * {@link ExternalErrorsFixedVertex}), and before every forward pass each dropout site set to a fresh inverted
 * dropout mask (Bernoulli(1 - rate) / (1 - rate)) when training, or to 1 otherwise, in the vertex's SameDiff and
 * in its gradient function (which holds its own copy of the constants): the backward pass recomputes the forward
 * pass with the same masks.
 */
final class TransformerRuntimeVertex extends ExternalErrorsFixedVertex {
    TransformerRuntimeVertex(TransformerVertex config, ComputationGraph graph, String name, int vertexIndex,
                             INDArray paramsView, boolean initParams, DataType dataType) {
        super(config, graph, name, vertexIndex, paramsView, initParams, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        long[][] shapes = new long[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            shapes[i] = inputs[i].shape();
        }
        var sites = ((TransformerVertex) config).dropoutSites(shapes);
        if (!sites.isEmpty()) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                if (sameDiff == null) {
                    doInit();
                }
                for (TransformerVertex.DropoutSite s : sites) {
                    INDArray value;
                    if (training) {
                        double retain = 1.0 - s.rate();
                        value = Nd4j.rand(dataType, s.shape()).lt(retain).castTo(dataType).divi(retain);
                    } else {
                        value = Nd4j.scalar(dataType, 1.0);
                    }
                    sameDiff.setArrayForVariable(s.name(), value);
                    // the gradient function is a SameDiff of its own that copied the constants when it was created
                    if (sameDiff.hasGradientFunction()) {
                        sameDiff.getFunction("grad").setArrayForVariable(s.name(), value);
                    }
                }
            }
        }
        return super.doForward(training, workspaceMgr);
    }

    /** The arrays of dropout site {@code name} in the forward SameDiff and in its gradient function (null if none). */
    INDArray[] siteArrays(String name) {
        INDArray forward = sameDiff.getVariable(name).getArr();
        INDArray backward = sameDiff.hasGradientFunction() ? sameDiff.getFunction("grad").getVariable(name).getArr() : null;
        return new INDArray[] {forward, backward};
    }
}
