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

import java.util.Map;
import java.util.Objects;

/**
 * Luong-style global attention for every decoder position, as a graph vertex: the context vectors
 * and, on top of them, the attentional layer.
 *
 * <p>Inputs, in order: {@code dec} decoder states h [batch, decoderSize, tgtTime] and {@code enc} encoder
 * states e [batch, encoderSize, srcTime] (DL4J's RNN layout). The context is
 * {@code c_t = sum_s softmax_s(score(h_t, e_s)) e_s} [batch, encoderSize, tgtTime]; the output is the
 * attentional vector {@code tanh(W_c [c_t; h_t] + b_c)} [batch, attentionalSize, tgtTime], zero at padded
 * target positions. The source mask [batch, srcTime] (1 = token, 0 = padding) adds -1e9 to the scores of
 * padded positions before the softmax; the decoder mask [batch, tgtTime] is passed on unchanged.
 *
 * <p>The attentional layer lives here rather than in a DL4J dense layer because, in M2, a dense layer
 * on sequences either takes its minibatch size from the last labels (preprocessors: {@code output()}
 * after {@code fit()} fails) or reorders the mask against the data ({@code TimeDistributed}).
 *
 * <p>Parameters (c order): {@code Wc} [encoderSize + decoderSize, attentionalSize], {@code bc}
 * [1, attentionalSize]; for {@code general} also {@code Wa} [decoderSize, encoderSize]; for
 * {@code additive} {@code W1} [decoderSize, decoderSize], {@code W2} [encoderSize, decoderSize] and
 * {@code v} [decoderSize, 1]. The math lives in {@link AttentionGraph}; the step-wise decoder
 * re-implements it with the same parameters.
 *
 * <p>What DL4J 1.0.0-M2 needs of a custom vertex: {@link #clone()} copies the updater and the rest of
 * the training configuration (Spark workers clone the configuration); {@link #feedForwardMaskArrays} is
 * implemented; no {@code tensorMmul} or mean reduction is used (batched rank-3 {@code mmul} and 2-D
 * {@code mmul} only); and the runtime vertex ({@link ExternalErrorsFixedVertex}) halves the external
 * error, because M2's SameDiff gradient function counts it twice.
 */
public class GlobalAttentionVertex extends TrainedVertex {
    private static final long serialVersionUID = 1L;

    /** Input names, in the order the graph connects them. */
    public static final String INPUT_DEC = "dec";
    public static final String INPUT_ENC = "enc";
    /** Parameter names. */
    public static final String PARAM_WA = "Wa";
    public static final String PARAM_W1 = "W1";
    public static final String PARAM_W2 = "W2";
    public static final String PARAM_V = "v";
    public static final String PARAM_WC = "Wc";
    public static final String PARAM_BC = "bc";
    /** Local-p attention: the position predictor {@code p_t = S sigmoid(v_p^T tanh(W_p h_t))}. */
    public static final String PARAM_WP = "Wp";
    public static final String PARAM_VP = "vp";
    /**
     * Steepness K of the local window's edges: with d = s - p_t the window factor is
     * sigmoid(K (D + 1/2 - d)) sigmoid(K (D + 1/2 + d)), 1 inside [p_t - D, p_t + D] and 0 outside to within
     * e^-10 one position away, yet differentiable in p_t.
     */
    public static final double LOCAL_WINDOW_STEEPNESS = 20.0;
    /** Floor of the window factor before its log (outside the window sigmoid underflows to 0 in float32). */
    public static final double LOCAL_WINDOW_FLOOR = 1e-30;

    private long decoderSize;
    private long encoderSize;
    private AttentionScore score;
    private long attentionalSize;
    private int window;

    /** For JSON deserialisation only. */
    public GlobalAttentionVertex() {
    }

    public GlobalAttentionVertex(long decoderSize, long encoderSize, AttentionScore score, long attentionalSize) {
        this(decoderSize, encoderSize, score, attentionalSize, 0);
    }

    /**
     * @param window 0 for global attention; D &gt; 0 for local-p attention (Luong et al. 2015) with half-width D:
     *               the softmax is restricted to [p_t - D, p_t + D] around the predicted position p_t and
     *               weighted by a Gaussian of standard deviation D / 2 centred there (see {@link AttentionGraph})
     */
    public GlobalAttentionVertex(long decoderSize, long encoderSize, AttentionScore score, long attentionalSize,
                                 int window) {
        if (window < 0) {
            throw new IllegalArgumentException("local attention window must be >= 0, got " + window);
        }
        this.window = window;
        if (decoderSize < 1 || encoderSize < 1 || attentionalSize < 1) {
            throw new IllegalArgumentException("attention sizes must be positive, got decoder " + decoderSize
                    + ", encoder " + encoderSize + ", attentional " + attentionalSize);
        }
        if (score.needsEqualSizes() && decoderSize != encoderSize) {
            throw new IllegalArgumentException("score " + score.configName() + " needs equal decoder and encoder"
                    + " sizes, got " + decoderSize + " and " + encoderSize);
        }
        this.decoderSize = decoderSize;
        this.encoderSize = encoderSize;
        this.score = score;
        this.attentionalSize = attentionalSize;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT_DEC, INPUT_ENC);
        params.addWeightParam(PARAM_WC, encoderSize + decoderSize, attentionalSize);
        params.addBiasParam(PARAM_BC, 1, attentionalSize);
        switch (score) {
            case GENERAL -> params.addWeightParam(PARAM_WA, decoderSize, encoderSize);
            case ADDITIVE -> {
                params.addWeightParam(PARAM_W1, decoderSize, decoderSize);
                params.addWeightParam(PARAM_W2, encoderSize, decoderSize);
                params.addWeightParam(PARAM_V, decoderSize, 1);
            }
            default -> { /* parameter-free scores */ }
        }
        if (window > 0) {
            params.addWeightParam(PARAM_WP, decoderSize, decoderSize);
            params.addWeightParam(PARAM_VP, decoderSize, 1);
        }
    }

    /** The runtime vertex, with M2's doubled backward pass corrected (see {@link ExternalErrorsFixedVertex}). */
    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        setName(name);
        return new ExternalErrorsFixedVertex(this, graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                if (e.getKey().equals(PARAM_BC)) {
                    e.getValue().assign(0);
                    continue;
                }
                long[] shape = e.getValue().shape();
                WeightInitUtil.initWeights(shape[0], shape[1], shape, WeightInit.XAVIER, null, 'c', e.getValue());
            }
        }
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> paramTable,
                                   Map<String, SDVariable> maskVars) {
        SDVariable dec = layerInput.get(INPUT_DEC);
        SDVariable enc = layerInput.get(INPUT_ENC);
        return AttentionGraph.attentional(sd, score, dec, enc, maskVars.get(INPUT_ENC), maskVars.get(INPUT_DEC),
                paramTable, decoderSize, encoderSize, attentionalSize, window);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        if (vertexInputs.length != 2) {
            throw new IllegalArgumentException("attention takes 2 inputs (decoder, encoder), got " + vertexInputs.length);
        }
        InputType.InputTypeRecurrent dec = (InputType.InputTypeRecurrent) vertexInputs[0];
        return InputType.recurrent(attentionalSize, dec.getTimeSeriesLength());
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
    public GlobalAttentionVertex clone() {
        GlobalAttentionVertex c = new GlobalAttentionVertex();
        c.decoderSize = decoderSize;
        c.encoderSize = encoderSize;
        c.score = score;
        c.attentionalSize = attentionalSize;
        c.window = window;
        return copyTrainingConfig(c);
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

    public long getDecoderSize() {
        return decoderSize;
    }

    public void setDecoderSize(long decoderSize) {
        this.decoderSize = decoderSize;
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

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GlobalAttentionVertex other) || o.getClass() != getClass() || !super.equals(o)) {
            return false;
        }
        return decoderSize == other.decoderSize && encoderSize == other.encoderSize && score == other.score
                && attentionalSize == other.attentionalSize && window == other.window;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), decoderSize, encoderSize, score, attentionalSize, window);
    }

    @Override
    public String toString() {
        return "GlobalAttentionVertex(score=" + score.configName() + ", decoderSize=" + decoderSize
                + ", encoderSize=" + encoderSize + ", attentionalSize=" + attentionalSize
                + (window > 0 ? ", local window=" + window : "") + ")";
    }
}
