package io.attnspark.nn.transformer;

import io.attnspark.nn.LabelSmoothedCrossEntropy;
import io.attnspark.nn.ScoreReusingOutputLayer;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TiedEmbeddingVertex;
import io.attnspark.nn.TiedEmbeddings;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The Transformer encoder-decoder as a DL4J {@link ComputationGraphConfiguration} with the same inputs, output
 * and batch format as {@link RnnAttentionModel} (see {@link io.attnspark.nn.Seq2SeqBatch}), so the Spark trainer,
 * the local trainer, validation and forced scoring take either model.
 *
 * <p>Graph: {@value RnnAttentionModel#INPUT_SRC} [b, 1, S] -> {@value #SRC_EMB} [b, d, S] -> {@value #SRC_POS}
 * ({@link PositionalEncodingVertex}) -> per encoder layer i: enc_i_self ({@link SelfAttentionVertex}) ->
 * enc_i_ffn ({@link FeedForwardVertex}); {@value RnnAttentionModel#INPUT_TGT} [b, 1, T] -> {@value #TGT_EMB} ->
 * {@value #TGT_POS} -> per decoder layer i: dec_i_self (causal) -> dec_i_cross ({@link CrossAttentionVertex}, also
 * reading the encoder's output) -> dec_i_ffn; -> {@value #OUTPUT} = softmax(W . + b) [b, targetVocab, T] under
 * label-smoothed cross-entropy. With model.transformer.tie-embeddings the target (with {@code all} also the source)
 * embedding is a {@link TiedEmbeddingVertex} reading W transposed, and W starts as the embeddings do (normal, sd 1/sqrt(d)).
 * Pre-LN stacks end with a final {@link LayerNormVertex} ({@value #ENC_NORM},
 * {@value #DEC_NORM}). Every sub-layer vertex holds its residual connection; every activation is [b, d, T].
 */
public final class TransformerModel {
    public static final String SRC_EMB = RnnAttentionModel.SRC_EMB;
    public static final String TGT_EMB = RnnAttentionModel.TGT_EMB;
    public static final String SRC_POS = "src_pos";
    public static final String TGT_POS = "tgt_pos";
    public static final String OUTPUT = RnnAttentionModel.OUTPUT;
    /** Final layer norms of pre-LN stacks. */
    public static final String ENC_NORM = "enc_norm";
    public static final String DEC_NORM = "dec_norm";
    /** Sub-layer suffixes of a layer's name: enc_0_self, enc_0_ffn, dec_0_self, dec_0_cross, dec_0_ffn. */
    public static final String SELF = "_self";
    public static final String CROSS = "_cross";
    public static final String FFN = "_ffn";

    private TransformerModel() {
    }

    public static String encoderLayer(int i) {
        return "enc_" + i;
    }

    public static String decoderLayer(int i) {
        return "dec_" + i;
    }

    /** The training configuration (updater, clipping, label smoothing, weight decay from {@code train}), float32. */
    public static ComputationGraphConfiguration configuration(TransformerConfig model, TrainConfig train,
                                                              int sourceVocab, int targetVocab, long seed) {
        return configuration(model, sourceVocab, targetVocab, seed, train.updater(), train.gradientClip(),
                DataType.FLOAT, train.labelSmoothing(), train.decoupledWeightDecay());
    }

    /**
     * The configuration with any updater, clip (0 disables), data type, label smoothing and decoupled weight
     * decay; workspaces off (see {@link RnnAttentionModel#configuration(io.attnspark.nn.RnnAttentionConfig,
     * TrainConfig, int, int, long)}).
     */
    public static ComputationGraphConfiguration configuration(TransformerConfig model, int sourceVocab,
                                                              int targetVocab, long seed, IUpdater updater,
                                                              double gradientClip, DataType dataType,
                                                              double labelSmoothing, double weightDecay) {
        if (sourceVocab <= SpecialTokens.COUNT || targetVocab <= SpecialTokens.COUNT) {
            throw new IllegalArgumentException("vocabularies must hold the " + SpecialTokens.COUNT
                    + " special tokens and at least one more, got source " + sourceVocab + ", target " + targetVocab);
        }
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE);
        if (weightDecay > 0) {
            base.weightDecay(weightDecay, true);
        }
        if (gradientClip > 0) {
            base.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(gradientClip);
        }
        int d = model.dModel();
        NormalDistribution embInit = new NormalDistribution(0, 1.0 / Math.sqrt(d));
        TiedEmbeddings tied = model.tiedEmbeddings();
        if (tied.source() && sourceVocab != targetVocab) {
            throw new IllegalArgumentException("model.transformer.tie-embeddings=all needs one vocabulary for both"
                    + " sides, got " + sourceVocab + " source and " + targetVocab + " target entries");
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder()
                .addInputs(RnnAttentionModel.INPUT_SRC, RnnAttentionModel.INPUT_TGT);
        if (tied.source()) {
            g.addVertex(SRC_EMB, new TiedEmbeddingVertex(OUTPUT, targetVocab, d), RnnAttentionModel.INPUT_SRC);
        } else {
            g.addLayer(SRC_EMB, new EmbeddingSequenceLayer.Builder().nIn(sourceVocab).nOut(d)
                    .weightInit(embInit).build(), RnnAttentionModel.INPUT_SRC);
        }
        if (tied.target()) {
            g.addVertex(TGT_EMB, new TiedEmbeddingVertex(OUTPUT, targetVocab, d), RnnAttentionModel.INPUT_TGT);
        } else {
            g.addLayer(TGT_EMB, new EmbeddingSequenceLayer.Builder().nIn(targetVocab).nOut(d)
                    .weightInit(embInit).build(), RnnAttentionModel.INPUT_TGT);
        }
        g.addVertex(SRC_POS, new PositionalEncodingVertex(model), SRC_EMB)
                .addVertex(TGT_POS, new PositionalEncodingVertex(model), TGT_EMB);
        String below = SRC_POS;
        for (int i = 0; i < model.encoderLayers(); i++) {
            String name = encoderLayer(i);
            g.addVertex(name + SELF, new SelfAttentionVertex(model, false), below)
                    .addVertex(name + FFN, new FeedForwardVertex(model), name + SELF);
            below = name + FFN;
        }
        if (model.preNorm()) {
            g.addVertex(ENC_NORM, new LayerNormVertex(d), below);
            below = ENC_NORM;
        }
        String encTop = below;
        below = TGT_POS;
        for (int i = 0; i < model.decoderLayers(); i++) {
            String name = decoderLayer(i);
            g.addVertex(name + SELF, new SelfAttentionVertex(model, true), below)
                    .addVertex(name + CROSS, new CrossAttentionVertex(model), name + SELF, encTop)
                    .addVertex(name + FFN, new FeedForwardVertex(model), name + CROSS);
            below = name + FFN;
        }
        if (model.preNorm()) {
            g.addVertex(DEC_NORM, new LayerNormVertex(d), below);
            below = DEC_NORM;
        }
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(new LabelSmoothedCrossEntropy(labelSmoothing))
                .nIn(d).nOut(targetVocab).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW);
        if (tied.target()) {
            output.weightInit(embInit);   // the embedding table's initialisation: x sqrt(d) gives unit-variance inputs
        }
        g.addLayer(OUTPUT, ScoreReusingOutputLayer.of(output.build()), below).setOutputs(OUTPUT);
        return g.build();
    }

    /** A new graph of {@code conf} with its parameters initialised from the configuration's seed. */
    public static ComputationGraph newGraph(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** True when {@code graph} was built here (it has the target positional-encoding vertex). */
    public static boolean isTransformer(ComputationGraph graph) {
        return graph.getConfiguration().getVertices().get(TGT_POS) instanceof PositionalEncodingVertex;
    }
}
