package io.attnspark.nn.transformer;

import io.attnspark.nn.HandWrittenVertexRuntime;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The runtime vertex of a Transformer sub-layer: the hand-written passes of {@link SublayerPass} instead of the
 * sub-layer's SameDiff definition (see {@link HandWrittenVertexRuntime}). A training forward pass draws the dropout
 * masks and keeps them for its backward pass; a backward pass without one recomputes the forward pass without
 * dropout. {@code -Dattnspark.transformer.samediff=true} selects the SameDiff runtime ({@link TransformerRuntimeVertex})
 * instead, the reference the hand-written passes are tested against.
 */
public final class SublayerRuntime extends HandWrittenVertexRuntime<SublayerPass.Forward> {
    /** The system property that selects the SameDiff runtime for every sub-layer built after it is set. */
    public static final String SAMEDIFF_PROPERTY = "attnspark.transformer.samediff";

    SublayerRuntime(SublayerVertex config, ComputationGraph graph, String name, int vertexIndex, INDArray paramsView,
                    boolean initParams, DataType dataType) {
        super(config, graph, name, vertexIndex, paramsView, initParams, dataType);
    }

    private SublayerPass pass() {
        return new SublayerPass((SublayerVertex) config, paramTable);
    }

    @Override
    protected SublayerPass.Forward forward(boolean training) {
        boolean cross = config instanceof CrossAttentionVertex;
        return pass().forward(inputs[0], cross ? inputs[1] : null, mask(0), cross ? mask(1) : null, training);
    }

    @Override
    protected INDArray output(SublayerPass.Forward f) {
        return f.output;
    }

    @Override
    protected INDArray[] backward(SublayerPass.Forward f, INDArray epsilon, Map<String, INDArray> grads) {
        return pass().backward(f, epsilon, grads);
    }

    @Override
    protected void release(SublayerPass.Forward f, Map<String, INDArray> grads) {
        SublayerPass.release(f, grads);
    }

    @Override
    protected boolean recomputesAsTraining() {
        return false;
    }
}
