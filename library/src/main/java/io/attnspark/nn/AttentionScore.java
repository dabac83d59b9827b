package io.attnspark.nn;

import java.util.Arrays;
import java.util.List;

/**
 * How an attention score between a decoder state {@code h} and an encoder state {@code s} is computed.
 * The config name of each is the value of {@code model.attention.score}.
 */
public enum AttentionScore {
    /** {@code h . s}; needs equal decoder and encoder sizes. */
    DOT("dot"),
    /** Luong's general score {@code h^T W_a s}. */
    GENERAL("general"),
    /** Bahdanau's additive score {@code v^T tanh(W_1 h + W_2 s)}. */
    ADDITIVE("additive"),
    /** {@code h . s / sqrt(size)}; needs equal decoder and encoder sizes. */
    SCALED_DOT("scaled-dot");

    private final String configName;

    AttentionScore(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** True for the scores that compare the two states directly and so need equal sizes. */
    public boolean needsEqualSizes() {
        return this == DOT || this == SCALED_DOT;
    }

    /** All config names, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(AttentionScore::configName).toList();
    }

    /** The score named {@code name} in configuration files. */
    public static AttentionScore fromConfigName(String name) {
        for (AttentionScore s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown attention score '" + name + "', expected one of " + configNames());
    }
}
