package io.attnspark.nn.transformer;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.nn.TiedEmbeddings;

import java.util.List;

/**
 * Hyperparameters of the Transformer encoder-decoder (Vaswani et al. 2017), the {@code model.transformer}
 * section read when {@code model.type = transformer}. Immutable; defaults live only in {@code conf/defaults.conf}.
 *
 * @param dModel           width of embeddings and every layer's output
 * @param heads            attention heads; must divide dModel
 * @param ffnSize          inner width of the position-wise feed-forward network
 * @param encoderLayers    encoder layers (self-attention + feed-forward)
 * @param decoderLayers    decoder layers (causal self-attention + cross-attention + feed-forward)
 * @param learnedPositions learned position embeddings instead of sinusoidal ones
 * @param maxPositions     longest sequence (tokens + BOS/EOS) the positions cover
 * @param preNorm          layer norm before each sub-layer (pre-LN, plus a final norm) instead of after the residual
 * @param gelu             GELU instead of ReLU in the feed-forward network
 * @param dropout          residual and embedding dropout
 * @param attentionDropout dropout on the attention weights
 * @param window           0 for full self-attention; w &gt; 0 lets each position attend only within +-w positions
 *                         (in the decoder: the w previous positions and itself)
 * @param tiedEmbeddings   which embedding tables are the output projection
 *                         ({@link io.attnspark.nn.TiedEmbeddingVertex})
 */
public record TransformerConfig(int dModel, int heads, int ffnSize, int encoderLayers, int decoderLayers,
                                boolean learnedPositions, int maxPositions, boolean preNorm, boolean gelu,
                                double dropout, double attentionDropout, int window, TiedEmbeddings tiedEmbeddings) {

    /** Untied embeddings. */
    public TransformerConfig(int dModel, int heads, int ffnSize, int encoderLayers, int decoderLayers,
                             boolean learnedPositions, int maxPositions, boolean preNorm, boolean gelu,
                             double dropout, double attentionDropout, int window) {
        this(dModel, heads, ffnSize, encoderLayers, decoderLayers, learnedPositions, maxPositions, preNorm, gelu,
                dropout, attentionDropout, window, TiedEmbeddings.NONE);
    }

    /** The value of {@code model.type} that selects this model. */
    public static final String TYPE = "transformer";
    /** Where the section lives. */
    public static final String SECTION = "model.transformer";

    public TransformerConfig {
        positive("d-model", dModel);
        positive("heads", heads);
        positive("ffn-size", ffnSize);
        positive("encoder-layers", encoderLayers);
        positive("decoder-layers", decoderLayers);
        positive("max-positions", maxPositions);
        if (dModel % heads != 0) {
            throw new ConfigError(SECTION + ".heads", SECTION + ".heads=" + heads + " does not divide "
                    + SECTION + ".d-model=" + dModel);
        }
        probability("dropout", dropout);
        probability("attention-dropout", attentionDropout);
        if (window < 0) {
            throw new ConfigError(SECTION + ".window", SECTION + ".window=" + window + " must be >= 0 (0 = full attention)");
        }
        if (tiedEmbeddings == null) {
            throw new ConfigError(SECTION + ".tie-embeddings", SECTION + ".tie-embeddings is missing");
        }
    }

    /** Reads {@code model.transformer} from the {@code model} section, refusing unknown keys. */
    public static TransformerConfig fromConfig(ConfigSection model) {
        return fromSection(model.section("transformer"));
    }

    /** Reads the {@code model.transformer} section itself, refusing unknown keys. */
    public static TransformerConfig fromSection(ConfigSection s) {
        int d = s.getInt("d-model", 1, 1 << 16);
        int heads = s.getInt("heads", 1, 1 << 10);
        int ffn = s.getInt("ffn-size", 1, 1 << 18);
        int enc = s.getInt("encoder-layers", 1, 64);
        int dec = s.getInt("decoder-layers", 1, 64);
        String positions = s.getChoice("positions", List.of("sinusoidal", "learned"));
        int maxPos = s.getInt("max-positions", 1, 1 << 20);
        String norm = s.getChoice("norm", List.of("pre", "post"));
        String act = s.getChoice("activation", List.of("relu", "gelu"));
        double dropout = s.getDouble("dropout", 0.0, 0.99);
        double attDropout = s.getDouble("attention-dropout", 0.0, 0.99);
        int window = s.getInt("window", 0, 1 << 20);
        TiedEmbeddings tied = TiedEmbeddings.fromConfigName(
                s.getChoice("tie-embeddings", TiedEmbeddings.configNames()));
        s.rejectUnknownKeys();
        return new TransformerConfig(d, heads, ffn, enc, dec, positions.equals("learned"), maxPos, norm.equals("pre"),
                act.equals("gelu"), dropout, attDropout, window, tied);
    }

    /** Width of one head. */
    public int headSize() {
        return dModel / heads;
    }

    /** A copy without dropout (gradient checks, deterministic tests). */
    public TransformerConfig withoutDropout() {
        return new TransformerConfig(dModel, heads, ffnSize, encoderLayers, decoderLayers, learnedPositions,
                maxPositions, preNorm, gelu, 0.0, 0.0, window, tiedEmbeddings);
    }

    /** A copy with another self-attention window (0 = full). */
    public TransformerConfig withWindow(int w) {
        return new TransformerConfig(dModel, heads, ffnSize, encoderLayers, decoderLayers, learnedPositions,
                maxPositions, preNorm, gelu, dropout, attentionDropout, w, tiedEmbeddings);
    }

    /** A copy with other tied embeddings. */
    public TransformerConfig withTiedEmbeddings(TiedEmbeddings t) {
        return new TransformerConfig(dModel, heads, ffnSize, encoderLayers, decoderLayers, learnedPositions,
                maxPositions, preNorm, gelu, dropout, attentionDropout, window, t);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new ConfigError(SECTION + "." + key, SECTION + "." + key + "=" + value + " must be at least 1");
        }
    }

    private static void probability(String key, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new ConfigError(SECTION + "." + key, SECTION + "." + key + "=" + value + " is outside [0, 1)");
        }
    }
}
