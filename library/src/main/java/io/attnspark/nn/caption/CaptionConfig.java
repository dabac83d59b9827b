package io.attnspark.nn.caption;

import io.attnspark.nn.AttentionMode;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperparameters of the Show, Attend and Tell captioner (the {@code model.caption} section of the
 * configuration, used when {@code model.type = caption}). Immutable; defaults live only in
 * {@code conf/defaults.conf}.
 *
 * @param channels        output channels of each convolutional block of the encoder (3x3 convolution, batch
 *                        normalisation, ReLU, 2x2 max pooling), first block first; the grid side is the image
 *                        side divided by 2^blocks
 * @param batchNorm       whether the blocks normalise their convolutions' outputs
 * @param embeddingSize   size of the word embeddings (and of the deep output layer)
 * @param hiddenSize      units of the decoder LSTM
 * @param attentionSize   size of the additive attention's hidden layer
 * @param dropout         dropout probability on the annotation vectors (the encoder's grid) in training
 * @param doublyStochastic lambda of the doubly stochastic regulariser lambda sum_i (1 - sum_t alpha_ti)^2
 * @param maxLength       longest caption in words trained on (longer ones are cut); the decoder is unrolled for
 *                        maxLength + 1 steps (EOS)
 * @param attention       soft or hard attention, with the hard attention's weights
 * @param captionsPerImage captions of one image in a training minibatch, which the encoder then runs on once for
 *                        all of them (1: every (image, caption) example on its own)
 * @param convsPerBlock   3x3 convolutions (each with its normalisation and ReLU) in every block before its pooling
 *                        (1: conv, pool; 2: conv, conv, pool as in VGG)
 * @param flipProbability probability that a training image is mirrored left to right ({@link HorizontalFlip};
 *                        0: never)
 */
public record CaptionConfig(List<Integer> channels, boolean batchNorm, int embeddingSize, int hiddenSize,
                            int attentionSize, double dropout, double doublyStochastic, int maxLength,
                            AttentionMode attention, int captionsPerImage, int convsPerBlock,
                            double flipProbability) {
    /** The value of {@code model.type} that selects this model. */
    public static final String TYPE = "caption";

    public CaptionConfig {
        if (channels == null || channels.isEmpty()) {
            throw new ConfigError("model.caption.encoder.channels", "model.caption.encoder.channels must list at least one block");
        }
        for (int c : channels) {
            if (c < 1) {
                throw new ConfigError("model.caption.encoder.channels", "model.caption.encoder.channels=" + channels
                        + " holds " + c + "; every block needs at least 1 channel");
            }
        }
        channels = List.copyOf(channels);
        if (attention == null) {
            throw new ConfigError("model.caption.attention", "model.caption.attention must be soft or hard");
        }
        positive("model.caption.embedding-size", embeddingSize);
        positive("model.caption.hidden-size", hiddenSize);
        positive("model.caption.attention-size", attentionSize);
        positive("model.caption.max-length", maxLength);
        positive("model.caption.captions-per-image", captionsPerImage);
        positive("model.caption.encoder.convs-per-block", convsPerBlock);
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new ConfigError("model.caption.dropout", "model.caption.dropout=" + dropout + " is outside [0, 1)");
        }
        if (!(flipProbability >= 0.0 && flipProbability <= 1.0)) {
            throw new ConfigError("model.caption.flip-probability", "model.caption.flip-probability="
                    + flipProbability + " is outside [0, 1]");
        }
        if (!(doublyStochastic >= 0.0) || Double.isInfinite(doublyStochastic)) {
            throw new ConfigError("model.caption.doubly-stochastic", "model.caption.doubly-stochastic="
                    + doublyStochastic + " must be a finite number >= 0");
        }
    }

    /** A configuration whose training images are never mirrored. */
    public CaptionConfig(List<Integer> channels, boolean batchNorm, int embeddingSize, int hiddenSize,
                         int attentionSize, double dropout, double doublyStochastic, int maxLength,
                         AttentionMode attention, int captionsPerImage, int convsPerBlock) {
        this(channels, batchNorm, embeddingSize, hiddenSize, attentionSize, dropout, doublyStochastic, maxLength,
                attention, captionsPerImage, convsPerBlock, 0.0);
    }

    /** A configuration with one convolution per encoder block. */
    public CaptionConfig(List<Integer> channels, boolean batchNorm, int embeddingSize, int hiddenSize,
                         int attentionSize, double dropout, double doublyStochastic, int maxLength,
                         AttentionMode attention, int captionsPerImage) {
        this(channels, batchNorm, embeddingSize, hiddenSize, attentionSize, dropout, doublyStochastic, maxLength,
                attention, captionsPerImage, 1);
    }

    /** A configuration that trains on every (image, caption) example on its own. */
    public CaptionConfig(List<Integer> channels, boolean batchNorm, int embeddingSize, int hiddenSize,
                         int attentionSize, double dropout, double doublyStochastic, int maxLength,
                         AttentionMode attention) {
        this(channels, batchNorm, embeddingSize, hiddenSize, attentionSize, dropout, doublyStochastic, maxLength,
                attention, 1);
    }

    /** Reads the {@code model.caption} section, refusing unknown keys. */
    public static CaptionConfig fromConfig(ConfigSection s) {
        ConfigSection enc = s.section("encoder");
        List<Integer> channels = new ArrayList<>();
        for (String c : enc.getStringList("channels")) {
            try {
                channels.add(Integer.parseInt(c.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigError(enc.key("channels"), enc.key("channels") + " holds '" + c
                        + "'; it must list whole numbers of channels, e.g. [16, 32, 64]");
            }
        }
        boolean bn = enc.getBoolean("batch-norm");
        int convs = enc.getInt("convs-per-block", 1, 16);
        enc.rejectUnknownKeys();
        int emb = s.getInt("embedding-size", 1, 1 << 16);
        int hidden = s.getInt("hidden-size", 1, 1 << 16);
        int att = s.getInt("attention-size", 1, 1 << 16);
        double dropout = s.getDouble("dropout", 0.0, 0.99);
        double lambda = s.getDouble("doubly-stochastic", 0.0, 1e6);
        int maxLength = s.getInt("max-length", 1, 1000);
        AttentionMode attention = AttentionMode.fromConfig(s, "attention");
        int perImage = s.getInt("captions-per-image", 1, 1000);
        double flip = s.getDouble("flip-probability", 0.0, 1.0);
        s.rejectUnknownKeys();
        return new CaptionConfig(channels, bn, emb, hidden, att, dropout, lambda, maxLength, attention, perImage, convs,
                flip);
    }

    /** Channels of the annotation vectors (the last block's). */
    public int featureSize() {
        return channels.get(channels.size() - 1);
    }

    /** Side of the feature grid for {@code imageSize x imageSize} images; fails when the image is too small. */
    public int gridSide(int imageSize) {
        int side = imageSize >> channels.size();
        if (side < 1 || side << channels.size() != imageSize) {
            throw new ConfigError("model.caption.encoder.channels", "images of " + imageSize + " pixels cannot pass "
                    + channels.size() + " blocks of 2x2 pooling (model.caption.encoder.channels=" + channels
                    + "): the side must be a multiple of " + (1 << channels.size()));
        }
        return side;
    }

    /** Decoder steps: {@link #maxLength()} words and EOS. */
    public int steps() {
        return maxLength + 1;
    }

    /** A copy with another dropout (0 for gradient checks). */
    public CaptionConfig withDropout(double p) {
        return new CaptionConfig(channels, batchNorm, embeddingSize, hiddenSize, attentionSize, p, doublyStochastic,
                maxLength, attention, captionsPerImage, convsPerBlock, flipProbability);
    }

    /** A copy with another regulariser weight. */
    public CaptionConfig withDoublyStochastic(double lambda) {
        return new CaptionConfig(channels, batchNorm, embeddingSize, hiddenSize, attentionSize, dropout, lambda,
                maxLength, attention, captionsPerImage, convsPerBlock, flipProbability);
    }

    /** A copy with another attention. */
    public CaptionConfig withAttention(AttentionMode a) {
        return new CaptionConfig(channels, batchNorm, embeddingSize, hiddenSize, attentionSize, dropout,
                doublyStochastic, maxLength, a, captionsPerImage, convsPerBlock);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new ConfigError(key, key + "=" + value + " must be at least 1");
        }
    }
}
