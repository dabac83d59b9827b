package io.attnspark.nn;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.Objects;

/**
 * The decoder of an RNN encoder-decoder with Luong's input feeding (Luong et al. 2015, sec. 3.3), as one graph
 * vertex: the stacked decoder cells and the attention run together step by step, because the first layer's input at
 * step t is {@code [emb(y_{t-1}); att_{t-1}]}, the previous step's attentional vector ({@code att_{-1} = 0}).
 *
 * <p>Inputs, in order: {@code emb} target embeddings [batch, embeddingSize, tgtTime] and {@code enc} encoder states
 * [batch, encoderSize, srcTime], with their masks [batch, time] (1 = token, 0 = padding; padding at the end). Output:
 * the attentional vectors {@code att_t = tanh(W_c [c_t; h_t] + b_c)} [batch, attentionalSize, tgtTime], zero at padded
 * target steps, for the same output layer as the model without input feeding; the target mask is passed on.
 * Attention is {@link GlobalAttentionVertex}'s: every score, the source mask, and local-p with {@code window > 0}.
 * In training, dropout (retain probability {@code retain}) applies to every cell layer's input, the fed vector included.
 *
 * <p>Parameters (c order): per layer l, {@code declW} [nIn_l, k n], {@code declRW} [n, k n], {@code declb} [1, k n] in the
 * layout and gate order of {@link FusedLstmLayer} (k = 4) or {@link FusedGruLayer} (k = 3), nIn_0 = embeddingSize +
 * attentionalSize, nIn_l = n above; then the attention parameters under {@link GlobalAttentionVertex}'s names
 * ({@code Wc}, {@code bc}, {@code Wa} / {@code W1}, {@code W2}, {@code v}, {@code Wp}, {@code vp}).
 *
 * <p>Forward and backward are written out in ND4J ops ({@link InputFeedingPass}); SameDiff is not used (its graph would
 * be unrolled per target length, and M2's gradients of such graphs were wrong for the captioner's decoder). As DL4J
 * M2 needs of a custom vertex: {@link #clone()} copies the updater and the rest of the training configuration, and
 * {@link #feedForwardMaskArrays} is implemented. Gradient normalisation (ClipL2PerLayer) treats the whole decoder
 * and attention as one layer.
 */
public class InputFeedingDecoderVertex extends TrainedVertex {
    private static final long serialVersionUID = 1L;

    /** Input names, in the order the graph connects them. */
    public static final String INPUT_EMB = "emb";
    public static final String INPUT_ENC = "enc";

    private RnnCell cell;
    private int layers;
    private long embeddingSize;
    private long hiddenSize;
    private long encoderSize;
    private AttentionScore score;
    private long attentionalSize;
    private int window;
    private double retain = 1.0;

    /** For JSON deserialisation only. */
    public InputFeedingDecoderVertex() {
    }

    /**
     * @param cell            the decoder cells
     * @param layers          stacked cell layers
     * @param embeddingSize   size of the target embeddings
     * @param hiddenSize      units n of each cell layer
     * @param encoderSize     size of the encoder states
     * @param window          0 for global attention, D &gt; 0 for local-p of half-width D
     * @param retain          probability of keeping a layer input value under dropout in training (1 = none)
     */
    public InputFeedingDecoderVertex(RnnCell cell, int layers, long embeddingSize, long hiddenSize, long encoderSize,
                                     AttentionScore score, long attentionalSize, int window, double retain) {
        if (cell == null || score == null) {
            throw new IllegalArgumentException("cell and score must be set");
        }
        if (layers < 1 || embeddingSize < 1 || hiddenSize < 1 || encoderSize < 1 || attentionalSize < 1 || window < 0) {
            throw new IllegalArgumentException("decoder sizes must be positive (window >= 0), got layers " + layers
                    + ", embedding " + embeddingSize + ", hidden " + hiddenSize + ", encoder " + encoderSize
                    + ", attentional " + attentionalSize + ", window " + window);
        }
        if (score.needsEqualSizes() && hiddenSize != encoderSize) {
            throw new IllegalArgumentException("score " + score.configName() + " needs equal decoder and encoder"
                    + " sizes, got " + hiddenSize + " and " + encoderSize);
        }
        if (!(retain > 0 && retain <= 1)) {
            throw new IllegalArgumentException("dropout retain probability must be in (0, 1], got " + retain);
        }
        this.cell = cell;
        this.layers = layers;
        this.embeddingSize = embeddingSize;
        this.hiddenSize = hiddenSize;
        this.encoderSize = encoderSize;
        this.score = score;
        this.attentionalSize = attentionalSize;
        this.window = window;
        this.retain = retain;
    }

    /**
     * The name of parameter {@code base} ({@code W}, {@code RW} or {@code b}) of cell layer {@code l}, e.g.
     * {@code dec0W}: no underscore (DL4J's updater splits gradient keys at the last one into layer and parameter) and
     * no clash with the attention's names ({@code W1} is the additive score's).
     */
    public static String layerParam(String base, int l) {
        return "dec" + l + base;
    }

    /** Gate blocks per layer: 4 for an LSTM, 3 for a GRU. */
    private long gateBlocks() {
        return cell == RnnCell.LSTM ? 4 : 3;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT_EMB, INPUT_ENC);
        long k = gateBlocks();
        for (int l = 0; l < layers; l++) {
            long nIn = l == 0 ? embeddingSize + attentionalSize : hiddenSize;
            params.addWeightParam(layerParam(FusedRecurrentLayer.PARAM_W, l), nIn, k * hiddenSize);
            params.addWeightParam(layerParam(FusedRecurrentLayer.PARAM_RW, l), hiddenSize, k * hiddenSize);
            params.addBiasParam(layerParam(FusedRecurrentLayer.PARAM_B, l), 1, k * hiddenSize);
        }
        params.addWeightParam(GlobalAttentionVertex.PARAM_WC, encoderSize + hiddenSize, attentionalSize);
        params.addBiasParam(GlobalAttentionVertex.PARAM_BC, 1, attentionalSize);
        switch (score) {
            case GENERAL -> params.addWeightParam(GlobalAttentionVertex.PARAM_WA, hiddenSize, encoderSize);
            case ADDITIVE -> {
                params.addWeightParam(GlobalAttentionVertex.PARAM_W1, hiddenSize, hiddenSize);
                params.addWeightParam(GlobalAttentionVertex.PARAM_W2, encoderSize, hiddenSize);
                params.addWeightParam(GlobalAttentionVertex.PARAM_V, hiddenSize, 1);
            }
            default -> { /* parameter-free scores */ }
        }
        if (window > 0) {
            params.addWeightParam(GlobalAttentionVertex.PARAM_WP, hiddenSize, hiddenSize);
            params.addWeightParam(GlobalAttentionVertex.PARAM_VP, hiddenSize, 1);
        }
    }

    /**
     * Xavier weights (fan-in and fan-out of each matrix, as the fused layers and {@link GlobalAttentionVertex}), zero
     * biases except an LSTM's forget gate ({@link FusedLstmLayer#FORGET_BIAS_INIT}).
     */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                INDArray arr = e.getValue();
                if (getVertexParams().isBiasParam(e.getKey())) {
                    arr.assign(0);
                    continue;
                }
                long[] shape = arr.shape();
                WeightInitUtil.initWeights(shape[0], shape[1], shape, WeightInit.XAVIER, null, 'c', arr);
            }
            if (cell == RnnCell.LSTM) {
                for (int l = 0; l < layers; l++) {
                    params.get(layerParam(FusedRecurrentLayer.PARAM_B, l)).get(NDArrayIndex.all(),
                            NDArrayIndex.interval(FusedLstmLayer.GATE_FORGET * hiddenSize,
                                    (FusedLstmLayer.GATE_FORGET + 1) * hiddenSize))
                            .assign(FusedLstmLayer.FORGET_BIAS_INIT);
                }
            }
        }
    }

    /** Not used: {@link InputFeedingRuntime} computes the vertex ({@link InputFeedingPass}). */
    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> paramTable,
                                   Map<String, SDVariable> maskVars) {
        throw new UnsupportedOperationException("the input-feeding decoder is computed by InputFeedingRuntime, not SameDiff");
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        setName(name);
        return new InputFeedingRuntime(this, graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        if (vertexInputs.length != 2) {
            throw new IllegalArgumentException("the input-feeding decoder takes 2 inputs (target embeddings, encoder),"
                    + " got " + vertexInputs.length);
        }
        InputType.InputTypeRecurrent emb = (InputType.InputTypeRecurrent) vertexInputs[0];
        return InputType.recurrent(attentionalSize, emb.getTimeSeriesLength());
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    /** A full copy, including the updater, regularisation and gradient normalisation set from the graph. */
    @Override
    public InputFeedingDecoderVertex clone() {
        InputFeedingDecoderVertex c = new InputFeedingDecoderVertex();
        c.cell = cell;
        c.layers = layers;
        c.embeddingSize = embeddingSize;
        c.hiddenSize = hiddenSize;
        c.encoderSize = encoderSize;
        c.score = score;
        c.attentionalSize = attentionalSize;
        c.window = window;
        c.retain = retain;
        return copyTrainingConfig(c);
    }

    public RnnCell getCell() {
        return cell;
    }

    public void setCell(RnnCell cell) {
        this.cell = cell;
    }

    public int getLayers() {
        return layers;
    }

    public void setLayers(int layers) {
        this.layers = layers;
    }

    public long getEmbeddingSize() {
        return embeddingSize;
    }

    public void setEmbeddingSize(long embeddingSize) {
        this.embeddingSize = embeddingSize;
    }

    public long getHiddenSize() {
        return hiddenSize;
    }

    public void setHiddenSize(long hiddenSize) {
        this.hiddenSize = hiddenSize;
    }

    public long getEncoderSize() {
        return encoderSize;
    }

    public void setEncoderSize(long encoderSize) {
        this.encoderSize = encoderSize;
    }

    public AttentionScore getScore() {
        return score;
    }

    public void setScore(AttentionScore score) {
        this.score = score;
    }

    public long getAttentionalSize() {
        return attentionalSize;
    }

    public void setAttentionalSize(long attentionalSize) {
        this.attentionalSize = attentionalSize;
    }

    public int getWindow() {
        return window;
    }

    public void setWindow(int window) {
        this.window = window;
    }

    public double getRetain() {
        return retain;
    }

    public void setRetain(double retain) {
        this.retain = retain;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InputFeedingDecoderVertex other) || !super.equals(o)) {
            return false;
        }
        return cell == other.cell && layers == other.layers && embeddingSize == other.embeddingSize
                && hiddenSize == other.hiddenSize && encoderSize == other.encoderSize && score == other.score
                && attentionalSize == other.attentionalSize && window == other.window && retain == other.retain;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), cell, layers, embeddingSize, hiddenSize, encoderSize, score,
                attentionalSize, window, retain);
    }

    @Override
    public String toString() {
        return "InputFeedingDecoderVertex(cell=" + cell.configName() + ", layers=" + layers + ", embedding="
                + embeddingSize + ", hidden=" + hiddenSize + ", encoder=" + encoderSize + ", score="
                + score.configName() + ", attentional=" + attentionalSize
                + (window > 0 ? ", local window=" + window : "") + ", retain=" + retain + ")";
    }
}
