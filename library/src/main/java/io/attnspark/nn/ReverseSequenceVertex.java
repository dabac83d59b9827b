package io.attnspark.nn;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Objects;

/**
 * Reverses each sequence within its own length: [x1 .. xL, pad ..] becomes [xL .. x1, pad ..], with the
 * lengths taken from the feature mask of network input {@code maskInput}. Input and output
 * [batch, size, time]; the mask [batch, time] passes through unchanged. Used twice around the backward
 * LSTM of a bidirectional encoder layer, so that, like the forward LSTM, it meets padding only at the end
 * (DL4J's {@code Bidirectional} reverses the whole padded array, and M2's masked LSTM backprop gets the
 * bias gradient wrong after leading padding). Self-inverse; no parameters.
 */
public class ReverseSequenceVertex extends ParameterlessVertex {
    private static final long serialVersionUID = 1L;

    private String maskInput;

    /** For JSON deserialisation. */
    public ReverseSequenceVertex() {
    }

    /** @param maskInput name of the network input whose feature mask gives the lengths */
    public ReverseSequenceVertex(String maskInput) {
        this.maskInput = Objects.requireNonNull(maskInput, "maskInput");
    }

    public String getMaskInput() {
        return maskInput;
    }

    public void setMaskInput(String maskInput) {
        this.maskInput = maskInput;
    }

    @Override
    public ReverseSequenceVertex clone() {
        return new ReverseSequenceVertex(maskInput);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReverseSequenceVertex v && Objects.equals(maskInput, v.maskInput);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(maskInput);
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new ReverseSequenceImpl(graph, name, idx, maskInput, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public String toString() {
        return "ReverseSequenceVertex(maskInput=" + maskInput + ")";
    }
}
