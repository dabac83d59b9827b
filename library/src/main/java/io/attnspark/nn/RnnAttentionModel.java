package io.attnspark.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import io.attnspark.train.TrainConfig;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The encoder-decoder RNN (LSTM or GRU cells) with attention as a DL4J {@link ComputationGraphConfiguration}; the Spark
 * trainer, the local trainer and the decoders all build it here.
 *
 * <p>Inputs: {@value #INPUT_SRC} source ids + EOS and {@value #INPUT_TGT} BOS + target ids, both
 * [batch, 1, time] with feature masks [batch, time]. Output {@value #OUTPUT}: softmax over the target
 * vocabulary [batch, targetVocab, tgtTime], trained with sparse cross-entropy against labels
 * [batch, 1, tgtTime] (ids as numbers) under the label mask [batch, tgtTime]. See {@link Seq2SeqBatch}.
 *
 * <p>Graph: src -> {@value #SRC_EMB} -> enc_0..enc_{n-1} (recurrent layers; when bidirectional, enc_i is
 * the merge [forward; backward] of enc_i_fwd and of enc_i_bwd run between two {@link ReverseSequenceVertex});
 * tgt_in -> {@value #TGT_EMB} -> dec_0..dec_{m-1}. The recurrent layers are {@link FusedLstmLayer} or
 * {@link FusedGruLayer} (model.encoder.cell, model.decoder.cell) with model.rnn-impl = fused, DL4J's LSTM
 * ({@link MaskedLstm}) with model.rnn-impl = dl4j; all zero their output at padded steps.
 * {@value #ATTENTION}(dec_top, enc_top) = tanh(W_c [context; h] + b_c) (see {@link GlobalAttentionVertex});
 * {@value #OUTPUT} = softmax(W_s . + b_s). With model.attention.mode = hard (experimental) {@value #ATTENTION} is a
 * {@link HardAttentionVertex} instead: the same parameters, with the context at one (sampled or most attended)
 * source position. With model.tie-embeddings the target (and with {@code all} also the source) embedding is a
 * {@link TiedEmbeddingVertex} whose table is W_s transposed. Dropout (model.dropout) applies to the inputs of every
 * recurrent layer
 * (embeddings and lower recurrent outputs) and of the output layer (the attentional vectors).
 *
 * <p>With input feeding (model.decoder.input-feeding = true) the decoder layers and the attention are one vertex,
 * {@value #FEEDING_DECODER}({@value #TGT_EMB}, enc_top) ({@link InputFeedingDecoderVertex}), whose first cell layer
 * reads [embedding; previous attentional vector]; there are no dec_i layers and no {@value #ATTENTION} vertex, and
 * {@value #OUTPUT} reads {@value #FEEDING_DECODER}.
 */
public final class RnnAttentionModel {
    public static final String INPUT_SRC = "src";
    public static final String INPUT_TGT = "tgt_in";
    public static final String SRC_EMB = "src_emb";
    public static final String TGT_EMB = "tgt_emb";
    public static final String ATTENTION = "attn";
    /** The decoder and attention as one vertex, with input feeding (model.decoder.input-feeding = true). */
    public static final String FEEDING_DECODER = "dec_feed";
    public static final String OUTPUT = "out";

    private RnnAttentionModel() {
    }

    /** Name of encoder layer {@code i} (0 = nearest the embeddings). */
    public static String encoderLayer(int i) {
        return "enc_" + i;
    }

    /** Name of decoder layer {@code i} (0 = nearest the embeddings). */
    public static String decoderLayer(int i) {
        return "dec_" + i;
    }

    /**
     * The training configuration: Adam at {@code train.learningRate()}, each layer's gradient rescaled to
     * L2 norm at most {@code train.gradientClip()} (0 disables), float32, workspaces off.
     *
     * <p>Workspaces are off because with them (M2, this graph) training is not reproducible even on one
     * thread, learns worse, and now and then yields NaN: some array is read after its workspace memory
     * was reused. Off, runs are bit-for-bit repeatable; the cost measured about 10% of training speed.
     *
     * <p>Gradient clipping is {@link GradientNormalization#ClipL2PerLayer}: it rescales a layer's whole
     * gradient when its norm exceeds the threshold, so the update keeps its direction (as global-norm
     * clipping does, per layer); element-wise clipping would change the direction of exploding LSTM
     * gradients instead.
     */
    public static ComputationGraphConfiguration configuration(RnnAttentionConfig model, TrainConfig train,
                                                              int sourceVocab, int targetVocab, long seed) {
        return configuration(model, sourceVocab, targetVocab, seed, train.updater(), train.gradientClip(),
                DataType.FLOAT, train.labelSmoothing(), train.decoupledWeightDecay());
    }

    /**
     * The configuration with any updater, clip (0 disables) and data type; gradient checks use
     * {@code NoOp}, no clipping and DOUBLE.
     */
    public static ComputationGraphConfiguration configuration(RnnAttentionConfig model, int sourceVocab,
                                                              int targetVocab, long seed, IUpdater updater,
                                                              double gradientClip, DataType dataType) {
        return configuration(model, sourceVocab, targetVocab, seed, updater, gradientClip, dataType, 0.0, 0.0);
    }

    /**
     * The configuration with label smoothing {@code labelSmoothing} on the output's cross-entropy (0 = plain
     * sparse cross-entropy) and AdamW-style decoupled weight decay {@code weightDecay} on the weights (0 = none).
     */
    public static ComputationGraphConfiguration configuration(RnnAttentionConfig model, int sourceVocab,
                                                              int targetVocab, long seed, IUpdater updater,
                                                              double gradientClip, DataType dataType,
                                                              double labelSmoothing, double weightDecay) {
        if (sourceVocab <= SpecialTokens.COUNT || targetVocab <= SpecialTokens.COUNT) {
            throw new IllegalArgumentException("vocabularies must hold the " + SpecialTokens.COUNT
                    + " special tokens and at least one more, got source " + sourceVocab + ", target " + targetVocab);
        }
        if (!(gradientClip >= 0)) {
            throw new IllegalArgumentException("gradient clip must be >= 0, got " + gradientClip);
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
        double retain = 1.0 - model.dropout();
        int emb = model.embeddingSize();
        TiedEmbeddings tied = model.tiedEmbeddings();
        if (tied.source() && sourceVocab != targetVocab) {
            throw new IllegalArgumentException("model.tie-embeddings=all needs one vocabulary for both sides, got "
                    + sourceVocab + " source and " + targetVocab + " target entries");
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder().addInputs(INPUT_SRC, INPUT_TGT);
        if (tied.source()) {
            g.addVertex(SRC_EMB, new TiedEmbeddingVertex(OUTPUT, targetVocab, emb), INPUT_SRC);
        } else {
            g.addLayer(SRC_EMB, new EmbeddingSequenceLayer.Builder().nIn(sourceVocab).nOut(emb).build(), INPUT_SRC);
        }
        if (tied.target()) {
            g.addVertex(TGT_EMB, new TiedEmbeddingVertex(OUTPUT, targetVocab, emb), INPUT_TGT);
        } else {
            g.addLayer(TGT_EMB, new EmbeddingSequenceLayer.Builder().nIn(targetVocab).nOut(emb).build(), INPUT_TGT);
        }
        String below = SRC_EMB;
        int nIn = emb;
        for (int i = 0; i < model.encoderLayers(); i++) {
            String name = encoderLayer(i);
            if (model.bidirectional()) {
                g.addLayer(name + "_fwd", recurrent(model, model.encoderCell(), nIn, model.encoderHidden(), retain), below)
                        .addVertex(name + "_rev_in", new ReverseSequenceVertex(INPUT_SRC), below)
                        .addLayer(name + "_bwd", recurrent(model, model.encoderCell(), nIn, model.encoderHidden(), retain),
                                name + "_rev_in")
                        .addVertex(name + "_rev_out", new ReverseSequenceVertex(INPUT_SRC), name + "_bwd")
                        .addVertex(name, new MergeVertex(), name + "_fwd", name + "_rev_out");
            } else {
                g.addLayer(name, recurrent(model, model.encoderCell(), nIn, model.encoderHidden(), retain), below);
            }
            below = name;
            nIn = model.encoderOutputSize();
        }
        String encTop = below;
        int enc = model.encoderOutputSize();
        int dec = model.decoderHidden();
        String attentional;
        if (model.inputFeeding()) {
            g.addVertex(FEEDING_DECODER, new InputFeedingDecoderVertex(model.decoderCell(), model.decoderLayers(), emb,
                    dec, enc, model.score(), model.attentionalSize(), model.localWindow(), retain), TGT_EMB, encTop);
            attentional = FEEDING_DECODER;
        } else {
            below = TGT_EMB;
            nIn = emb;
            for (int i = 0; i < model.decoderLayers(); i++) {
                g.addLayer(decoderLayer(i), recurrent(model, model.decoderCell(), nIn, model.decoderHidden(), retain),
                        below);
                below = decoderLayer(i);
                nIn = model.decoderHidden();
            }
            GlobalAttentionVertex attention = model.attentionMode().hard()
                    ? new HardAttentionVertex(dec, enc, model.score(), model.attentionalSize(), model.localWindow(),
                    model.attentionMode())
                    : new GlobalAttentionVertex(dec, enc, model.score(), model.attentionalSize(), model.localWindow());
            g.addVertex(ATTENTION, attention, below, encTop);
            attentional = ATTENTION;
        }
        g.addLayer(OUTPUT, ScoreReusingOutputLayer.of(withDropout(new RnnOutputLayer.Builder(
                                new LabelSmoothedCrossEntropy(labelSmoothing))
                        .nIn(model.attentionalSize()).nOut(targetVocab).activation(Activation.SOFTMAX)
                        .dataFormat(RNNFormat.NCW), retain).build()), attentional)
                .setOutputs(OUTPUT);
        return g.build();
    }

    /** A new graph of {@code conf} with its parameters initialised from the configuration's seed. */
    public static ComputationGraph newGraph(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** A recurrent layer [batch, nIn, time] -> [batch, nOut, time] of {@code cell}, as model.rnn-impl says. */
    private static org.deeplearning4j.nn.conf.layers.Layer recurrent(RnnAttentionConfig model, RnnCell cell, int nIn,
                                                                     int nOut, double retain) {
        if (model.rnnImpl() == RnnImpl.DL4J) {
            return MaskedLstm.of(withDropout(new LSTM.Builder().nIn(nIn).nOut(nOut).activation(Activation.TANH)
                    .dataFormat(RNNFormat.NCW), retain).build());
        }
        return cell == RnnCell.GRU ? new FusedGruLayer(nIn, nOut, retain) : new FusedLstmLayer(nIn, nOut, retain);
    }

    private static <T extends org.deeplearning4j.nn.conf.layers.Layer.Builder<T>> T withDropout(T b, double retain) {
        if (retain < 1.0) {
            b.dropOut(retain);
        }
        return b;
    }
}
