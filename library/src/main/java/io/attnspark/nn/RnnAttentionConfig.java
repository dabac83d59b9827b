package io.attnspark.nn;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

import java.util.List;

/**
 * Hyperparameters of the encoder-decoder RNN (LSTM or GRU) with attention (the {@code model} section of the
 * configuration, {@code model.type = rnn-attention}). Immutable; cross-field constraints are checked
 * here, defaults live only in {@code conf/defaults.conf}.
 *
 * @param embeddingSize    size of the source and target token embeddings
 * @param encoderLayers    stacked encoder LSTM layers
 * @param encoderHidden    units per direction of each encoder LSTM layer
 * @param bidirectional    whether the encoder layers read both directions (outputs concatenated)
 * @param decoderLayers    stacked decoder LSTM layers
 * @param decoderHidden    units of each decoder LSTM layer
 * @param score            attention score function
 * @param attentionalSize  size of the attentional layer {@code tanh(W_c [context; h])}
 * @param dropout          dropout probability on embeddings, recurrent outputs and the attentional layer
 * @param localWindow      0 for global attention; D &gt; 0 for Luong's local-p attention with half-width D
 * @param encoderCell      cell of the encoder layers
 * @param decoderCell      cell of the decoder layers
 * @param rnnImpl          how the recurrent layers are computed (dl4j: LSTM cells only)
 * @param inputFeeding     Luong's input feeding: the first decoder layer also reads the previous step's attentional
 *                         vector (the decoder and attention then run as one {@link InputFeedingDecoderVertex})
 * @param attentionMode    soft attention (the default) or hard attention with its weights ({@link AttentionMode})
 * @param tiedEmbeddings   which embedding tables are the output projection ({@link TiedEmbeddingVertex})
 */
public record RnnAttentionConfig(int embeddingSize, int encoderLayers, int encoderHidden, boolean bidirectional,
                                 int decoderLayers, int decoderHidden, AttentionScore score, int attentionalSize,
                                 double dropout, int localWindow, RnnCell encoderCell, RnnCell decoderCell,
                                 RnnImpl rnnImpl, boolean inputFeeding, AttentionMode attentionMode,
                                 TiedEmbeddings tiedEmbeddings) {

    /** Soft attention, untied embeddings. */
    public RnnAttentionConfig(int embeddingSize, int encoderLayers, int encoderHidden, boolean bidirectional,
                              int decoderLayers, int decoderHidden, AttentionScore score, int attentionalSize,
                              double dropout, int localWindow, RnnCell encoderCell, RnnCell decoderCell,
                              RnnImpl rnnImpl, boolean inputFeeding) {
        this(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers, decoderHidden, score,
                attentionalSize, dropout, localWindow, encoderCell, decoderCell, rnnImpl, inputFeeding,
                AttentionMode.SOFT, TiedEmbeddings.NONE);
    }

    /** Without input feeding. */
    public RnnAttentionConfig(int embeddingSize, int encoderLayers, int encoderHidden, boolean bidirectional,
                              int decoderLayers, int decoderHidden, AttentionScore score, int attentionalSize,
                              double dropout, int localWindow, RnnCell encoderCell, RnnCell decoderCell,
                              RnnImpl rnnImpl) {
        this(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers, decoderHidden, score,
                attentionalSize, dropout, localWindow, encoderCell, decoderCell, rnnImpl, false);
    }

    /** Fused LSTM encoder and decoder. */
    public RnnAttentionConfig(int embeddingSize, int encoderLayers, int encoderHidden, boolean bidirectional,
                              int decoderLayers, int decoderHidden, AttentionScore score, int attentionalSize,
                              double dropout, int localWindow) {
        this(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers, decoderHidden, score,
                attentionalSize, dropout, localWindow, RnnCell.LSTM, RnnCell.LSTM, RnnImpl.FUSED);
    }

    /** Global attention, fused LSTM encoder and decoder. */
    public RnnAttentionConfig(int embeddingSize, int encoderLayers, int encoderHidden, boolean bidirectional,
                              int decoderLayers, int decoderHidden, AttentionScore score, int attentionalSize,
                              double dropout) {
        this(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers, decoderHidden, score,
                attentionalSize, dropout, 0);
    }

    /** The only model type this record describes. */
    public static final String TYPE = "rnn-attention";

    public RnnAttentionConfig {
        positive("model.embedding-size", embeddingSize);
        positive("model.encoder.layers", encoderLayers);
        positive("model.encoder.hidden-size", encoderHidden);
        positive("model.decoder.layers", decoderLayers);
        positive("model.decoder.hidden-size", decoderHidden);
        positive("model.attentional-size", attentionalSize);
        if (score == null) {
            throw new ConfigError("model.attention.score", "model.attention.score is missing");
        }
        if (localWindow < 0) {
            throw new ConfigError("model.attention.window", "model.attention.window=" + localWindow + " must be >= 1");
        }
        if (encoderCell == null || decoderCell == null || rnnImpl == null) {
            throw new ConfigError("model", "model.encoder.cell, model.decoder.cell and model.rnn-impl must be set");
        }
        if (rnnImpl == RnnImpl.DL4J && (encoderCell != RnnCell.LSTM || decoderCell != RnnCell.LSTM)) {
            String key = encoderCell != RnnCell.LSTM ? "model.encoder.cell" : "model.decoder.cell";
            throw new ConfigError(key, key + "=" + (encoderCell != RnnCell.LSTM ? encoderCell : decoderCell).configName()
                    + " needs model.rnn-impl=fused (model.rnn-impl=dl4j has lstm cells only)");
        }
        if (inputFeeding && rnnImpl != RnnImpl.FUSED) {
            throw new ConfigError("model.decoder.input-feeding", "model.decoder.input-feeding=true needs model.rnn-impl=fused,"
                    + " got model.rnn-impl=" + rnnImpl.configName());
        }
        if (tiedEmbeddings == null) {
            throw new ConfigError("model.tie-embeddings", "model.tie-embeddings is missing");
        }
        if (tiedEmbeddings.target() && attentionalSize != embeddingSize) {
            throw new ConfigError("model.tie-embeddings", "model.tie-embeddings=" + tiedEmbeddings.configName()
                    + " needs model.attentional-size=" + attentionalSize + " to equal model.embedding-size="
                    + embeddingSize + " (the output projection is the embedding table)");
        }
        if (attentionMode == null) {
            throw new ConfigError("model.attention.mode", "model.attention.mode is missing");
        }
        if (attentionMode.hard() && inputFeeding) {
            throw new ConfigError("model.attention.mode", "model.attention.mode=hard is not available with"
                    + " model.decoder.input-feeding=true; use soft attention or turn input feeding off");
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new ConfigError("model.dropout", "model.dropout=" + dropout + " is outside [0, 1)");
        }
        int encOut = bidirectional ? 2 * encoderHidden : encoderHidden;
        if (score.needsEqualSizes() && encOut != decoderHidden) {
            throw new ConfigError("model.attention.score", "model.attention.score=" + score.configName()
                    + " needs model.decoder.hidden-size=" + decoderHidden + " to equal the encoder output size " + encOut
                    + " (model.encoder.hidden-size=" + encoderHidden + (bidirectional ? " x 2 directions" : "")
                    + "); use general or additive, or make the sizes equal");
        }
    }

    /**
     * Reads the {@code model} section, refusing unknown keys. The {@code transformer} sub-section belongs to
     * {@link io.attnspark.nn.transformer.TransformerConfig}; these keys are validated whatever {@code model.type} says.
     */
    public static RnnAttentionConfig fromConfig(ConfigSection s) {
        s.getChoice("type", List.of(TYPE, io.attnspark.nn.transformer.TransformerConfig.TYPE,
                io.attnspark.nn.caption.CaptionConfig.TYPE));
        s.section("transformer");   // validated by TransformerConfig
        if (s.has("caption")) {
            s.section("caption");   // the captioner's own keys: CaptionConfig reads them
        }
        int emb = s.getInt("embedding-size", 1, 1 << 16);
        ConfigSection enc = s.section("encoder");
        RnnCell encCell = RnnCell.fromConfigName(enc.getChoice("cell", RnnCell.configNames()));
        int encLayers = enc.getInt("layers", 1, 16);
        int encHidden = enc.getInt("hidden-size", 1, 1 << 16);
        boolean bi = enc.getBoolean("bidirectional");
        enc.rejectUnknownKeys();
        ConfigSection dec = s.section("decoder");
        RnnCell decCell = RnnCell.fromConfigName(dec.getChoice("cell", RnnCell.configNames()));
        int decLayers = dec.getInt("layers", 1, 16);
        int decHidden = dec.getInt("hidden-size", 1, 1 << 16);
        boolean feeding = dec.getBoolean("input-feeding");
        dec.rejectUnknownKeys();
        ConfigSection att = s.section("attention");
        AttentionScore score = AttentionScore.fromConfigName(att.getChoice("score", AttentionScore.configNames()));
        String type = att.getChoice("type", List.of("global", "local"));
        int window = att.getInt("window", 1, 1 << 16);
        AttentionMode mode = AttentionMode.fromConfig(att, "mode");
        att.rejectUnknownKeys();
        int attentional = s.getInt("attentional-size", 1, 1 << 16);
        double dropout = s.getDouble("dropout", 0.0, 0.99);
        RnnImpl impl = RnnImpl.fromConfigName(s.getChoice("rnn-impl", RnnImpl.configNames()));
        TiedEmbeddings tied = TiedEmbeddings.fromConfigName(
                s.getChoice("tie-embeddings", TiedEmbeddings.configNames()));
        s.rejectUnknownKeys();
        return new RnnAttentionConfig(emb, encLayers, encHidden, bi, decLayers, decHidden, score, attentional, dropout,
                type.equals("local") ? window : 0, encCell, decCell, impl, feeding, mode, tied);
    }

    /** Size of the encoder output at each source position (twice the hidden size when bidirectional). */
    public int encoderOutputSize() {
        return bidirectional ? 2 * encoderHidden : encoderHidden;
    }

    /** A copy with another dropout (0 for gradient checks and deterministic tests). */
    public RnnAttentionConfig withDropout(double p) {
        return new RnnAttentionConfig(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers,
                decoderHidden, score, attentionalSize, p, localWindow, encoderCell, decoderCell, rnnImpl, inputFeeding,
                attentionMode, tiedEmbeddings);
    }

    /** A copy with local-p attention of half-width {@code d} (0 = global). */
    public RnnAttentionConfig withLocalWindow(int d) {
        return new RnnAttentionConfig(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers,
                decoderHidden, score, attentionalSize, dropout, d, encoderCell, decoderCell, rnnImpl, inputFeeding,
                attentionMode, tiedEmbeddings);
    }

    /** A copy with another attention score. */
    public RnnAttentionConfig withScore(AttentionScore s) {
        return new RnnAttentionConfig(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers,
                decoderHidden, s, attentionalSize, dropout, localWindow, encoderCell, decoderCell, rnnImpl, inputFeeding,
                attentionMode, tiedEmbeddings);
    }

    /** A copy with other encoder and decoder cells. */
    public RnnAttentionConfig withCells(RnnCell encoder, RnnCell decoder) {
        return new RnnAttentionConfig(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers,
                decoderHidden, score, attentionalSize, dropout, localWindow, encoder, decoder, rnnImpl, inputFeeding,
                attentionMode, tiedEmbeddings);
    }

    /** A copy with another implementation of the recurrent layers. */
    public RnnAttentionConfig withRnnImpl(RnnImpl impl) {
        return new RnnAttentionConfig(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers,
                decoderHidden, score, attentionalSize, dropout, localWindow, encoderCell, decoderCell, impl, inputFeeding,
                attentionMode, tiedEmbeddings);
    }

    /** A copy with input feeding on or off. */
    public RnnAttentionConfig withInputFeeding(boolean on) {
        return new RnnAttentionConfig(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers,
                decoderHidden, score, attentionalSize, dropout, localWindow, encoderCell, decoderCell, rnnImpl, on,
                attentionMode, tiedEmbeddings);
    }

    /** A copy with another attention mode (soft, or hard with its weights). */
    public RnnAttentionConfig withAttentionMode(AttentionMode mode) {
        return new RnnAttentionConfig(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers,
                decoderHidden, score, attentionalSize, dropout, localWindow, encoderCell, decoderCell, rnnImpl,
                inputFeeding, mode, tiedEmbeddings);
    }

    /** A copy with other tied embeddings. */
    public RnnAttentionConfig withTiedEmbeddings(TiedEmbeddings t) {
        return new RnnAttentionConfig(embeddingSize, encoderLayers, encoderHidden, bidirectional, decoderLayers,
                decoderHidden, score, attentionalSize, dropout, localWindow, encoderCell, decoderCell, rnnImpl,
                inputFeeding, attentionMode, t);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new ConfigError(key, key + "=" + value + " must be at least 1");
        }
    }
}
