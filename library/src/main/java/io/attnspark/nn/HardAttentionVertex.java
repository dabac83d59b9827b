package io.attnspark.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Objects;

/**
 * Hard attention (experimental; Xu et al. 2015, section 4.1, for text): the attention of
 * {@link GlobalAttentionVertex} (same inputs, output, parameters and parameter names; every score, the source mask and
 * local-p), but the context at each target step is the encoder state at one source position instead of the
 * attention-weighted mean. Chosen with {@code model.attention.mode = hard} ({@link AttentionMode}).
 *
 * <ul>
 *   <li>Inference ({@code output}, validation loss, decoding): the position is the argmax of the attention weights.
 *   </li>
 *   <li>Training: once per minibatch, with probability {@code softProbability}, the step uses the soft context (and
 *   is exactly {@link GlobalAttentionVertex}'s, plus the entropy term); otherwise every target step t samples its
 *   position s_t from the attention distribution pi_t (the weights, renormalised for local-p). The sampled context
 *   gets the ordinary gradient; the attention weights get the gradient of the surrogate loss
 *   {@code sum_t mask_t [-lambda_r (r_t - b_t) log pi_t(s_t) - lambda_e H(pi_t)]}, in the same units as the
 *   cross-entropy (a sum over tokens, which DL4J divides by the minibatch size).</li>
 * </ul>
 *
 * <p>The reward. Without input feeding the decoder does not read the attention, so s_t affects only the output at
 * step t: the per-token reward {@code r_t = log p(y_t | s_t)} is exact and local. It is read at backward time from
 * the output layer ({@link ScoreReusingOutputLayerImpl#labelLogLikelihoods}): DL4J's {@code ComputationGraph}
 * back-propagates in reverse topological order, so when this vertex's backward pass runs the output layer has already
 * run its own and holds its labels and pre-activations. The baseline b_t is the mean reward of the minibatch's other
 * unmasked tokens (leave-one-out, so that it does not depend on s_t and the estimate stays unbiased), as the
 * captioner's is per image. The output layer must be a {@link ScoreReusingOutputLayer} when lambda_r &gt; 0.
 *
 * <p>The draws. A training forward pass draws from a generator seeded by the graph's seed, iteration count and epoch
 * count: training is reproducible, clones (dl4j-spark's workers) need no generator state, and every forward pass of
 * one iteration draws the same positions (a gradient check's finite differences see the sampled positions fixed).
 *
 * <p>Forward and backward are written in ND4J ops ({@link HardAttentionRuntime}, with the per-step attention of
 * {@link FeedingAttention}); SameDiff is not used. Input feeding is not supported (the decoder would then read the
 * sampled context and the reward would no longer be local).
 */
public class HardAttentionVertex extends GlobalAttentionVertex {
    private static final long serialVersionUID = 1L;

    private double reinforceWeight;
    private double entropyWeight;
    private double softProbability;

    /** For JSON deserialisation only. */
    public HardAttentionVertex() {
    }

    /**
     * @param window          0 for global attention; D &gt; 0 for local-p of half-width D
     * @param reinforceWeight lambda_r, weight of the REINFORCE term (&gt;= 0)
     * @param entropyWeight   lambda_e, weight of the entropy bonus (&gt;= 0)
     * @param softProbability probability that a training minibatch uses the soft context, in [0, 1]
     */
    public HardAttentionVertex(long decoderSize, long encoderSize, AttentionScore score, long attentionalSize,
                               int window, double reinforceWeight, double entropyWeight, double softProbability) {
        super(decoderSize, encoderSize, score, attentionalSize, window);
        if (!(reinforceWeight >= 0 && entropyWeight >= 0) || Double.isInfinite(reinforceWeight)
                || Double.isInfinite(entropyWeight)) {
            throw new IllegalArgumentException("hard attention weights must be finite and >= 0, got reinforce "
                    + reinforceWeight + ", entropy " + entropyWeight);
        }
        if (!(softProbability >= 0 && softProbability <= 1)) {
            throw new IllegalArgumentException("soft probability must be in [0, 1], got " + softProbability);
        }
        this.reinforceWeight = reinforceWeight;
        this.entropyWeight = entropyWeight;
        this.softProbability = softProbability;
    }

    /** The hard attention of {@code mode} (which must be hard). */
    public HardAttentionVertex(long decoderSize, long encoderSize, AttentionScore score, long attentionalSize,
                               int window, AttentionMode mode) {
        this(decoderSize, encoderSize, score, attentionalSize, window, mode.reinforceWeight(), mode.entropyWeight(),
                mode.softProbability());
        if (!mode.hard()) {
            throw new IllegalArgumentException("HardAttentionVertex needs a hard attention mode, got " + mode);
        }
    }

    /** Not used: {@link HardAttentionRuntime} computes the vertex. */
    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> paramTable,
                                   Map<String, SDVariable> maskVars) {
        throw new UnsupportedOperationException("hard attention is computed by HardAttentionRuntime, not SameDiff");
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        setName(name);
        return new HardAttentionRuntime(this, graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    /** A full copy, including the updater, regularisation and gradient normalisation set from the graph. */
    @Override
    public HardAttentionVertex clone() {
        HardAttentionVertex c = new HardAttentionVertex();
        c.setDecoderSize(getDecoderSize());
        c.setEncoderSize(getEncoderSize());
        c.setScore(getScore());
        c.setAttentionalSize(getAttentionalSize());
        c.setWindow(getWindow());
        c.reinforceWeight = reinforceWeight;
        c.entropyWeight = entropyWeight;
        c.softProbability = softProbability;
        return copyTrainingConfig(c);
    }

    public double getReinforceWeight() {
        return reinforceWeight;
    }

    public void setReinforceWeight(double reinforceWeight) {
        this.reinforceWeight = reinforceWeight;
    }

    public double getEntropyWeight() {
        return entropyWeight;
    }

    public void setEntropyWeight(double entropyWeight) {
        this.entropyWeight = entropyWeight;
    }

    public double getSoftProbability() {
        return softProbability;
    }

    public void setSoftProbability(double softProbability) {
        this.softProbability = softProbability;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HardAttentionVertex other) || !super.equals(o)) {
            return false;
        }
        return reinforceWeight == other.reinforceWeight && entropyWeight == other.entropyWeight
                && softProbability == other.softProbability;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), reinforceWeight, entropyWeight, softProbability);
    }

    @Override
    public String toString() {
        return "HardAttentionVertex(score=" + getScore().configName() + ", decoderSize=" + getDecoderSize()
                + ", encoderSize=" + getEncoderSize() + ", attentionalSize=" + getAttentionalSize()
                + (getWindow() > 0 ? ", local window=" + getWindow() : "") + ", reinforce-weight=" + reinforceWeight
                + ", entropy-weight=" + entropyWeight + ", soft-probability=" + softProbability + ")";
    }
}
