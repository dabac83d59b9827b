package io.attnspark.nn;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Objects;

/**
 * A token embedding whose table is the output layer's weight matrix: token {@code i} embeds as column {@code i} of
 * the output projection W [size, vocab] (weight tying; Press and Wolf 2017). Input token ids [batch, 1, time] (or
 * [batch, time]) from one network input, whose feature mask zeroes padded steps as DL4J's
 * {@code EmbeddingSequenceLayer} does; output [batch, size, time]. No parameters of its own.
 *
 * <p>The gradient: DL4J's {@code ComputationGraph} backpropagates in reverse topological order, so the output
 * layer has written its weight gradient into its gradient view before this vertex runs; this vertex then adds
 * the embedding's gradient (a scatter-add of its epsilon into the columns of its tokens) to that same view. The
 * updater, clipping and weight decay then see the one tied matrix with the sum of both gradients, as a shared
 * parameter has. Works unchanged on dl4j-spark workers, which build the graph from this configuration.
 */
public class TiedEmbeddingVertex extends ParameterlessVertex {
    private static final long serialVersionUID = 1L;

    private String outputLayer;
    private long vocabSize;
    private long size;

    /** For JSON deserialisation. */
    public TiedEmbeddingVertex() {
    }

    /**
     * @param outputLayer name of the output layer whose weights [size, vocabSize] are the table
     * @param vocabSize   tokens in the vocabulary (the output layer's nOut)
     * @param size        embedding width (the output layer's nIn)
     */
    public TiedEmbeddingVertex(String outputLayer, long vocabSize, long size) {
        this.outputLayer = Objects.requireNonNull(outputLayer, "outputLayer");
        if (vocabSize < 1 || size < 1) {
            throw new IllegalArgumentException("tied embedding needs vocabSize and size >= 1, got " + vocabSize
                    + " and " + size);
        }
        this.vocabSize = vocabSize;
        this.size = size;
    }

    /**
     * The embedding table [vocab, size] of vertex or layer {@code name} of {@code graph}: an
     * {@code EmbeddingSequenceLayer}'s weights, or the transposed output weights of a {@link TiedEmbeddingVertex}
     * (a view: it follows the parameters).
     */
    public static INDArray table(ComputationGraph graph, String name) {
        if (graph.getConfiguration().getVertices().get(name) instanceof TiedEmbeddingVertex tied) {
            return tied.table(graph);
        }
        var layer = graph.getLayer(name);
        if (layer == null) {
            throw new IllegalArgumentException("graph has no embedding '" + name + "'");
        }
        return layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
    }

    /** This vertex's table in {@code graph}: the output layer's weights transposed, [vocab, size]. */
    INDArray table(ComputationGraph graph) {
        var out = graph.getLayer(outputLayer);
        if (out == null) {
            throw new IllegalStateException("tied embedding: graph has no output layer '" + outputLayer + "'");
        }
        INDArray w = out.getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (w.rank() != 2 || w.size(0) != size || w.size(1) != vocabSize) {
            throw new IllegalStateException("tied embedding: output layer '" + outputLayer + "' has weights "
                    + java.util.Arrays.toString(w.shape()) + ", expected [" + size + ", " + vocabSize + "]");
        }
        return w.transpose();
    }

    public String getOutputLayer() {
        return outputLayer;
    }

    public void setOutputLayer(String outputLayer) {
        this.outputLayer = outputLayer;
    }

    public long getVocabSize() {
        return vocabSize;
    }

    public void setVocabSize(long vocabSize) {
        this.vocabSize = vocabSize;
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    @Override
    public TiedEmbeddingVertex clone() {
        return new TiedEmbeddingVertex(outputLayer, vocabSize, size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TiedEmbeddingVertex v && Objects.equals(outputLayer, v.outputLayer)
                && vocabSize == v.vocabSize && size == v.size;
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputLayer, vocabSize, size);
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new TiedEmbeddingImpl(graph, name, idx, this, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        long t = vertexInputs[0] instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return InputType.recurrent(size, t, RNNFormat.NCW);
    }

    @Override
    public String toString() {
        return "TiedEmbeddingVertex(outputLayer=" + outputLayer + ", vocabSize=" + vocabSize + ", size=" + size + ")";
    }
}
