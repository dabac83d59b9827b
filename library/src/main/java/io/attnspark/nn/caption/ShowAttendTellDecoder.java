package io.attnspark.nn.caption;

import io.attnspark.nn.AttentionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import java.util.Collection;

import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;

import static io.attnspark.nn.caption.CaptionDecoderParams.*;

/**
 * The captioner's decoder as a DL4J output layer: an LSTM with additive attention over the encoder's grid at
 * every word (soft, or hard as an option: {@link AttentionMode}), the gating scalar beta, the deep output layer and the doubly stochastic attention regulariser, all
 * in one loss (see {@link AttendTellCell} and {@link AttendTellBackprop} for the equations and {@link CaptionDecoderParams} for the
 * parameters).
 *
 * <p>Input: the encoder grid [batch, C, H', W'] (NCHW). Labels: [batch, steps] caption ids, then EOS, then PAD (0)
 * up to {@code steps}, as numbers; the decoder inputs (BOS, then the labels shifted by one) and the mask (labels
 * other than PAD) are derived from them, so the layer needs no mask arrays. The score is the masked
 * cross-entropy summed over time plus lambda times the regulariser, per image. The layer's activations are its
 * input (the grid): {@code graph.output(images)} encodes images for {@link CaptionStepDecoder}, which decodes with
 * the same parameters.
 *
 * <p>Every minibatch is padded to exactly {@code steps} time steps. As for every custom layer: {@link #clone()} copies the updater; no {@code tensorMmul}, no
 * mean reduction; the class has a no-argument constructor and setters for the JSON that Spark and model files use.
 */
public class ShowAttendTellDecoder extends SameDiffOutputLayer {
    private static final long serialVersionUID = 1L;

    private int featureSize;
    private int gridPositions;
    private int hiddenSize;
    private int attentionSize;
    private int embeddingSize;
    private int vocabSize;
    private int steps;
    private double doublyStochastic;
    /** Hard (sampled) attention and its weights (see {@link AttentionMode}); soft when false. */
    private boolean hardAttention;
    private double reinforceWeight = AttentionMode.SOFT.reinforceWeight();
    private double entropyWeight = AttentionMode.SOFT.entropyWeight();
    private double softProbability = AttentionMode.SOFT.softProbability();

    /** For JSON deserialisation only. */
    public ShowAttendTellDecoder() {
    }

    /**
     * @param featureSize   channels C of the encoder grid
     * @param gridPositions positions L = H' W' of the grid
     * @param vocabSize     output vocabulary V (special tokens included)
     * @param steps         unrolled time steps (longest caption + EOS)
     */
    public ShowAttendTellDecoder(int featureSize, int gridPositions, int hiddenSize, int attentionSize,
                                 int embeddingSize, int vocabSize, int steps, double doublyStochastic) {
        if (featureSize < 1 || gridPositions < 1 || hiddenSize < 1 || attentionSize < 1 || embeddingSize < 1
                || vocabSize < 1 || steps < 1) {
            throw new IllegalArgumentException("decoder sizes must be positive, got features " + featureSize + ", grid "
                    + gridPositions + ", hidden " + hiddenSize + ", attention " + attentionSize + ", embedding "
                    + embeddingSize + ", vocabulary " + vocabSize + ", steps " + steps);
        }
        if (!(doublyStochastic >= 0)) {
            throw new IllegalArgumentException("doubly stochastic lambda must be >= 0, got " + doublyStochastic);
        }
        this.featureSize = featureSize;
        this.gridPositions = gridPositions;
        this.hiddenSize = hiddenSize;
        this.attentionSize = attentionSize;
        this.embeddingSize = embeddingSize;
        this.vocabSize = vocabSize;
        this.steps = steps;
        this.doublyStochastic = doublyStochastic;
    }

    /** This decoder with attention {@code a} (soft unless set); returns this. */
    public ShowAttendTellDecoder withAttention(AttentionMode a) {
        this.hardAttention = a.hard();
        this.reinforceWeight = a.reinforceWeight();
        this.entropyWeight = a.entropyWeight();
        this.softProbability = a.softProbability();
        return this;
    }

    /** The attention this decoder was built with. */
    public AttentionMode attention() {
        return new AttentionMode(hardAttention, reinforceWeight, entropyWeight, softProbability);
    }

    /**
     * Not used: {@link ShowAttendTellRuntime} computes the loss and its gradient by hand ({@link AttendTellBackprop}),
     * because M2's SameDiff autodiff returned wrong gradients for this unrolled graph.
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, SDVariable labels,
                                  Map<String, SDVariable> paramTable) {
        throw new UnsupportedOperationException("the caption decoder is computed by ShowAttendTellRuntime, not SameDiff");
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        ShowAttendTellRuntime ret = new ShowAttendTellRuntime(conf, networkDataType);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    /** The activations are the input: the encoder grid. */
    @Override
    public String activationsVertexName() {
        return org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer.INPUT_KEY;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        int c = featureSize;
        int h = hiddenSize;
        int a = attentionSize;
        int e = embeddingSize;
        params.addWeightParam(W_FEAT, c, a);
        params.addWeightParam(W_HID, h, a);
        params.addBiasParam(B_ATT, 1, a);
        params.addWeightParam(V_ATT, a, 1);
        params.addWeightParam(W_BETA, h, 1);
        params.addBiasParam(B_BETA, 1, 1);
        params.addWeightParam(W_H0, c, h);
        params.addBiasParam(B_H0, 1, h);
        params.addWeightParam(W_C0, c, h);
        params.addBiasParam(B_C0, 1, h);
        params.addWeightParam(EMBED, vocabSize, e);
        for (String g : GATES) {
            params.addWeightParam(wx(g), e + c, h);
            params.addWeightParam(wr(g), h, h);
            params.addBiasParam(bias(g), 1, h);
        }
        params.addWeightParam(L_H, h, e);
        params.addWeightParam(L_Z, c, e);
        params.addWeightParam(W_OUT, e, vocabSize);
        params.addBiasParam(B_OUT, 1, vocabSize);
    }

    /** Xavier weights, zero biases except the forget gate's (1) and the embeddings (uniform +-0.1). */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            INDArray arr = p.getValue();
            if (p.getKey().equals(EMBED)) {
                arr.assign(org.nd4j.linalg.factory.Nd4j.rand(arr.dataType(), arr.shape()).subi(0.5).muli(0.2));
            } else if (getLayerParams().isBiasParam(p.getKey())) {
                arr.assign(0);
            } else {
                initWeights((int) arr.size(0), (int) arr.size(1), WeightInit.XAVIER, arr);
            }
        }
        params.get(bias("f")).assign(1.0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    /** Checks that the grid is what the decoder was built for. */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType instanceof InputType.InputTypeConvolutional cnn) {
            if (cnn.getChannels() != featureSize || cnn.getHeight() * cnn.getWidth() != gridPositions) {
                throw new IllegalArgumentException("the decoder expects a grid of " + gridPositions + " positions x "
                        + featureSize + " channels, the encoder gives " + cnn.getHeight() + "x" + cnn.getWidth() + " x "
                        + cnn.getChannels());
            }
        }
    }

    /** A full copy, including the updater, regularisation and gradient normalisation set from the graph. */
    @Override
    public ShowAttendTellDecoder clone() {
        ShowAttendTellDecoder c = (ShowAttendTellDecoder) super.clone();
        c.updater = updater == null ? null : updater.clone();
        c.biasUpdater = biasUpdater == null ? null : biasUpdater.clone();
        c.regularization = regularization == null ? null : new ArrayList<>(regularization);
        c.regularizationBias = regularizationBias == null ? null : new ArrayList<>(regularizationBias);
        return c;
    }

    public int getFeatureSize() {
        return featureSize;
    }

    public void setFeatureSize(int featureSize) {
        this.featureSize = featureSize;
    }

    public int getGridPositions() {
        return gridPositions;
    }

    public void setGridPositions(int gridPositions) {
        this.gridPositions = gridPositions;
    }

    public int getHiddenSize() {
        return hiddenSize;
    }

    public void setHiddenSize(int hiddenSize) {
        this.hiddenSize = hiddenSize;
    }

    public int getAttentionSize() {
        return attentionSize;
    }

    public void setAttentionSize(int attentionSize) {
        this.attentionSize = attentionSize;
    }

    public int getEmbeddingSize() {
        return embeddingSize;
    }

    public void setEmbeddingSize(int embeddingSize) {
        this.embeddingSize = embeddingSize;
    }

    public int getVocabSize() {
        return vocabSize;
    }

    public void setVocabSize(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    public int getSteps() {
        return steps;
    }

    public void setSteps(int steps) {
        this.steps = steps;
    }

    public double getDoublyStochastic() {
        return doublyStochastic;
    }

    public void setDoublyStochastic(double doublyStochastic) {
        this.doublyStochastic = doublyStochastic;
    }

    public boolean isHardAttention() {
        return hardAttention;
    }

    public void setHardAttention(boolean hardAttention) {
        this.hardAttention = hardAttention;
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
        if (!(o instanceof ShowAttendTellDecoder other) || !super.equals(o)) {
            return false;
        }
        return featureSize == other.featureSize && gridPositions == other.gridPositions
                && hiddenSize == other.hiddenSize && attentionSize == other.attentionSize
                && embeddingSize == other.embeddingSize && vocabSize == other.vocabSize && steps == other.steps
                && doublyStochastic == other.doublyStochastic && hardAttention == other.hardAttention
                && reinforceWeight == other.reinforceWeight && entropyWeight == other.entropyWeight
                && softProbability == other.softProbability;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), featureSize, gridPositions, hiddenSize, attentionSize, embeddingSize,
                vocabSize, steps, doublyStochastic, hardAttention, reinforceWeight, entropyWeight, softProbability);
    }

    @Override
    public String toString() {
        return "ShowAttendTellDecoder(features=" + featureSize + ", grid=" + gridPositions + ", hidden=" + hiddenSize
                + ", attention=" + attentionSize + ", embedding=" + embeddingSize + ", vocabulary=" + vocabSize
                + ", steps=" + steps + ", lambda=" + doublyStochastic + ", attention=" + attention() + ")";
    }
}
