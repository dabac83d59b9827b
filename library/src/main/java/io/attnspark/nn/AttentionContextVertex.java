package io.attnspark.nn;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;

/**
 * Global attention over encoder states for every decoder position, as a graph vertex.
 *
 * <p>Inputs, in order: {@code dec} decoder states [batch, decoderSize, tgtTime] and {@code enc} encoder
 * states [batch, encoderSize, srcTime] (DL4J's RNN layout). Output: context vectors
 * [batch, encoderSize, tgtTime], {@code context_t = sum_s softmax_s(score(h_t, e_s)) e_s}. The source
 * mask [batch, srcTime] (1 = token, 0 = padding) adds -1e9 to the scores of padded positions before the
 * softmax; the decoder mask [batch, tgtTime] is passed on unchanged to the layers above.
 *
 * <p>Parameters (c order): {@code general}: {@code Wa} [decoderSize, encoderSize]; {@code additive}:
 * {@code W1} [decoderSize, decoderSize], {@code W2} [encoderSize, decoderSize], {@code v} [decoderSize, 1];
 * {@code dot} and {@code scaled-dot}: none. The math lives in {@link AttentionGraph}; the step-wise
 * decoder re-implements it with the same parameters.
 *
 * <p>DL4J 1.0.0-M2 needs four things of a custom vertex that its own {@code AttentionVertex} lacks:
 * {@link #clone()} copies the updater and the rest of the training configuration (Spark workers clone
 * the configuration), {@link #feedForwardMaskArrays} is implemented, and no {@code tensorMmul} or
 * mean-reduction is used (batched rank-3 {@code mmul} and 2-D {@code mmul} only), and the runtime
 * vertex halves the external error because M2's SameDiff gradient function counts it twice.
 */
public class AttentionContextVertex extends SameDiffVertex {
    private static final long serialVersionUID = 1L;

    /** Input names, in the order the graph connects them. */
    public static final String INPUT_DEC = "dec";
    public static final String INPUT_ENC = "enc";
    /** Parameter names. */
    public static final String PARAM_WA = "Wa";
    public static final String PARAM_W1 = "W1";
    public static final String PARAM_W2 = "W2";
    public static final String PARAM_V = "v";

    private long decoderSize;
    private long encoderSize;
    private AttentionScore score;

    /** For JSON deserialisation only. */
    public AttentionContextVertex() {
    }

    public AttentionContextVertex(long decoderSize, long encoderSize, AttentionScore score) {
        if (decoderSize < 1 || encoderSize < 1) {
            throw new IllegalArgumentException("attention sizes must be positive, got decoder " + decoderSize
                    + ", encoder " + encoderSize);
        }
        if (score.needsEqualSizes() && decoderSize != encoderSize) {
            throw new IllegalArgumentException("score " + score.configName() + " needs equal decoder and encoder"
                    + " sizes, got " + decoderSize + " and " + encoderSize);
        }
        this.decoderSize = decoderSize;
        this.encoderSize = encoderSize;
        this.score = score;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT_DEC, INPUT_ENC);
        switch (score) {
            case GENERAL -> params.addWeightParam(PARAM_WA, decoderSize, encoderSize);
            case ADDITIVE -> {
                params.addWeightParam(PARAM_W1, decoderSize, decoderSize);
                params.addWeightParam(PARAM_W2, encoderSize, decoderSize);
                params.addWeightParam(PARAM_V, decoderSize, 1);
            }
            default -> { /* parameter-free scores */ }
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
        return AttentionGraph.context(sd, score, dec, enc, maskVars.get(INPUT_ENC), maskVars.get(INPUT_DEC), paramTable,
                decoderSize, encoderSize);
    }

    /** Passes on the decoder-side mask [batch, tgtTime]; the source mask is consumed here. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        if (maskArrays == null || maskArrays[0] == null) {
            return new Pair<>(null, currentMaskState);
        }
        return new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        if (vertexInputs.length != 2) {
            throw new IllegalArgumentException("attention takes 2 inputs (decoder, encoder), got " + vertexInputs.length);
        }
        InputType.InputTypeRecurrent dec = (InputType.InputTypeRecurrent) vertexInputs[0];
        return InputType.recurrent(encoderSize, dec.getTimeSeriesLength());
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
    public AttentionContextVertex clone() {
        AttentionContextVertex c = new AttentionContextVertex();
        c.decoderSize = decoderSize;
        c.encoderSize = encoderSize;
        c.score = score;
        c.updater = updater == null ? null : updater.clone();
        c.biasUpdater = biasUpdater == null ? null : biasUpdater.clone();
        c.regularization = regularization == null ? null : new ArrayList<>(regularization);
        c.regularizationBias = regularizationBias == null ? null : new ArrayList<>(regularizationBias);
        c.gradientNormalization = gradientNormalization;
        c.gradientNormalizationThreshold = gradientNormalizationThreshold;
        c.dataType = dataType;
        c.setName(getName());
        return c;
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
        if (!(o instanceof AttentionContextVertex other) || !super.equals(o)) {
            return false;
        }
        return decoderSize == other.decoderSize && encoderSize == other.encoderSize && score == other.score;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), decoderSize, encoderSize, score);
    }

    @Override
    public String toString() {
        return "AttentionContextVertex(score=" + score.configName() + ", decoderSize=" + decoderSize
                + ", encoderSize=" + encoderSize + ")";
    }
}
