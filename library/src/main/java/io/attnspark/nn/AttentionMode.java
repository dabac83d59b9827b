package io.attnspark.nn;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

import java.util.List;

/**
 * How the RNN decoder uses its attention weights ({@code model.attention.mode} and {@code model.attention.hard}),
 * with the semantics and key names of the captioner's {@link io.attnspark.nn.caption.CaptionAttention}.
 *
 * <ul>
 *   <li><b>soft</b> (the default): the context is the attention-weighted mean of the encoder states
 *   ({@link GlobalAttentionVertex}).</li>
 *   <li><b>hard</b> (experimental, {@link HardAttentionVertex}): in training the context is the encoder state at one
 *   source position sampled from the attention at every target word; the attention is trained with REINFORCE (the
 *   word's log-likelihood minus a leave-one-out baseline, times the gradient of the sampled position's log
 *   probability) plus an entropy bonus. With probability {@code softProbability} a training step uses the soft
 *   context instead. Decoding and the validation loss take the most attended position (argmax).</li>
 * </ul>
 *
 * @param hard            whether attention is hard (sampled) rather than soft
 * @param reinforceWeight lambda_r, the weight of the REINFORCE term
 * @param entropyWeight   lambda_e, the weight of the entropy bonus (the loss subtracts lambda_e H(alpha) per word)
 * @param softProbability probability that a training step uses the expected (soft) context
 */
public record AttentionMode(boolean hard, double reinforceWeight, double entropyWeight, double softProbability) {
    /** Soft attention (the hard settings are unused). */
    public static final AttentionMode SOFT = new AttentionMode(false, 1.0, 0.01, 0.5);

    public AttentionMode {
        nonNegative("model.attention.hard.reinforce-weight", reinforceWeight);
        nonNegative("model.attention.hard.entropy-weight", entropyWeight);
        if (!(softProbability >= 0.0 && softProbability <= 1.0)) {
            throw new ConfigError("model.attention.hard.soft-probability", "model.attention.hard.soft-probability="
                    + softProbability + " is outside [0, 1]");
        }
    }

    /** Reads {@code mode} (soft | hard) and the {@code hard} section of {@code model.attention}. */
    static AttentionMode fromConfig(ConfigSection attention) {
        String kind = attention.getChoice("mode", List.of("soft", "hard"));
        ConfigSection h = attention.section("hard");
        double reinforce = h.getDouble("reinforce-weight", 0.0, 1e6);
        double entropy = h.getDouble("entropy-weight", 0.0, 1e6);
        double soft = h.getDouble("soft-probability", 0.0, 1.0);
        h.rejectUnknownKeys();
        return new AttentionMode(kind.equals("hard"), reinforce, entropy, soft);
    }

    /** A hard attention with these weights. */
    public static AttentionMode hard(double reinforceWeight, double entropyWeight, double softProbability) {
        return new AttentionMode(true, reinforceWeight, entropyWeight, softProbability);
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
