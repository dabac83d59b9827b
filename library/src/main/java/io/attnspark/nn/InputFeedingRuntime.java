package io.attnspark.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The runtime vertex of {@link InputFeedingDecoderVertex}: the forward and backward passes of
 * {@link InputFeedingPass} instead of SameDiff (see {@link HandWrittenVertexRuntime}); a backward pass without a kept
 * training pass recomputes one without dropout.
 */
final class InputFeedingRuntime extends HandWrittenVertexRuntime<InputFeedingPass.Forward> {

    InputFeedingRuntime(InputFeedingDecoderVertex config, ComputationGraph graph, String name, int vertexIndex,
                        INDArray paramsView, boolean initParams, DataType dataType) {
        super(config, graph, name, vertexIndex, paramsView, initParams, dataType);
    }

    private InputFeedingPass pass() {
        return new InputFeedingPass((InputFeedingDecoderVertex) config, paramTable);
    }

    @Override
    protected InputFeedingPass.Forward forward(boolean training) {
        return pass().forward(inputs[0], inputs[1], mask(0), mask(1), training);
    }

    @Override
    protected INDArray output(InputFeedingPass.Forward f) {
        return f.output();
    }

    @Override
    protected INDArray[] backward(InputFeedingPass.Forward f, INDArray epsilon, Map<String, INDArray> grads) {
        return pass().backward(f, epsilon, grads);
    }

    @Override
    protected boolean recomputesAsTraining() {
        return false;
    }
}
