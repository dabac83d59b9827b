package io.attnspark.nn.caption;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

/**
 * How the captioner's decoder uses its attention weights alpha over the grid ({@code model.caption.attention}
 * and {@code model.caption.hard}).
 *
 * <ul>
 *   <li><b>soft</b> (Xu et al. 2015, section 4.2): the context is the expectation sum_i alpha_i a_i, trained by
 *   back-propagation.</li>
 *   <li><b>hard</b> (section 4.1, experimental): in training the context is one annotation vector a_s with the
 *   position s sampled from alpha at every word; the attention is trained with REINFORCE, the caption's negative
 *   log-likelihood under the sampled positions minus a baseline (the mean of the other images of the minibatch)
 *   times the gradient of log alpha_s, plus an entropy bonus. With probability {@code softProbability} a training
 *   step uses the expected context instead, as the paper does to reduce the variance. In decoding and in the
 *   validation loss the context is the annotation vector of the most attended position (argmax).</li>
 * </ul>
 *
 * @param hard            whether attention is hard (sampled) rather than soft
 * @param reinforceWeight lambda_r, the weight of the REINFORCE term
 * @param entropyWeight   lambda_e, the weight of the entropy bonus (the loss subtracts lambda_e H(alpha) per word)
 * @param softProbability probability that a training step uses the expected (soft) context
 */
public record CaptionAttention(boolean hard, double reinforceWeight, double entropyWeight, double softProbability) {
    /** Soft attention (the hard settings are unused). */
    public static final CaptionAttention SOFT = new CaptionAttention(false, 1.0, 0.0, 0.5);

    public CaptionAttention {
        nonNegative("model.caption.hard.reinforce-weight", reinforceWeight);
        nonNegative("model.caption.hard.entropy-weight", entropyWeight);
        if (!(softProbability >= 0.0 && softProbability <= 1.0)) {
            throw new ConfigError("model.caption.hard.soft-probability", "model.caption.hard.soft-probability="
                    + softProbability + " is outside [0, 1]");
        }
    }

    /** Reads {@code attention} (soft | hard) and the {@code hard} section of {@code model.caption}. */
    static CaptionAttention fromConfig(ConfigSection caption) {
        String kind = caption.getString("attention").trim();
        if (!kind.equals("soft") && !kind.equals("hard")) {
            throw new ConfigError(caption.key("attention"), caption.key("attention") + "=" + kind
                    + " is not an attention; expected soft or hard");
        }
        ConfigSection h = caption.section("hard");
        double reinforce = h.getDouble("reinforce-weight", 0.0, 1e6);
        double entropy = h.getDouble("entropy-weight", 0.0, 1e6);
        double soft = h.getDouble("soft-probability", 0.0, 1.0);
        h.rejectUnknownKeys();
        return new CaptionAttention(kind.equals("hard"), reinforce, entropy, soft);
    }

    /** A hard attention with these weights. */
    public static CaptionAttention hard(double reinforceWeight, double entropyWeight, double softProbability) {
        return new CaptionAttention(true, reinforceWeight, entropyWeight, softProbability);
    }

    /** {@code soft} or {@code hard}, as in the configuration. */
    public String kind() {
        return hard ? "hard" : "soft";
    }

    private static void nonNegative(String key, double v) {
        if (!(v >= 0.0) || Double.isInfinite(v)) {
            throw new ConfigError(key, key + "=" + v + " must be a finite number >= 0");
        }
    }
}
