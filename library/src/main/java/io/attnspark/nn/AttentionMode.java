package io.attnspark.nn;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

import java.util.List;

/**
 * How a decoder uses its attention weights alpha: soft or hard (stochastic), as in Xu et al. 2015. One type serves
 * the RNN translator ({@code model.attention.mode} and {@code model.attention.hard}, {@link HardAttentionVertex}) and
 * the captioner ({@code model.caption.attention} and {@code model.caption.hard},
 * {@link io.attnspark.nn.caption.ShowAttendTellDecoder}); both read the same {@code hard} keys.
 *
 * <ul>
 *   <li><b>soft</b> (the default): the context is the expectation sum_i alpha_i a_i over the encoder states or the
 *   grid's annotation vectors, trained by back-propagation.</li>
 *   <li><b>hard</b> (experimental): in training the context is the vector at one position s sampled from alpha at
 *   every word; the attention is trained with REINFORCE (a reward minus a baseline, times the gradient of
 *   log alpha_s) plus an entropy bonus. With probability {@code softProbability} a training step uses the soft
 *   context instead, to reduce the variance. Decoding and the validation loss take the most attended position
 *   (argmax). The reward and baseline are the model's own: see {@link HardAttentionVertex} and
 *   {@link io.attnspark.nn.caption.AttendTellBackprop}.</li>
 * </ul>
 *
 * @param hard            whether attention is hard (sampled) rather than soft
 * @param reinforceWeight lambda_r, the weight of the REINFORCE term
 * @param entropyWeight   lambda_e, the weight of the entropy bonus (the loss subtracts lambda_e H(alpha) per word)
 * @param softProbability probability that a training step uses the expected (soft) context
 */
public record AttentionMode(boolean hard, double reinforceWeight, double entropyWeight, double softProbability) {
    /** Soft attention; the unused hard settings are those of conf/defaults.conf. */
    public static final AttentionMode SOFT = new AttentionMode(false, 1.0, 0.01, 0.5);

    /** Checks the weights; a configuration file's values are checked, with their full keys, by {@link #fromConfig}. */
    public AttentionMode {
        nonNegative("hard.reinforce-weight", reinforceWeight);
        nonNegative("hard.entropy-weight", entropyWeight);
        if (!(softProbability >= 0.0 && softProbability <= 1.0)) {
            throw new ConfigError("hard.soft-probability", "hard.soft-probability=" + softProbability
                    + " is outside [0, 1]");
        }
    }

    /**
     * Reads the choice {@code modeKey} (soft | hard) and the {@code hard} section of {@code section}: for the
     * translator {@code fromConfig(model.attention, "mode")}, for the captioner {@code fromConfig(model.caption,
     * "attention")}.
     */
    public static AttentionMode fromConfig(ConfigSection section, String modeKey) {
        String kind = section.getChoice(modeKey, List.of("soft", "hard"));
        ConfigSection h = section.section("hard");
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
