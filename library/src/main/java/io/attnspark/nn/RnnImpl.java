package io.attnspark.nn;

import java.util.Arrays;
import java.util.List;

/** How the recurrent layers are computed ({@code model.rnn-impl}). */
public enum RnnImpl {
    /** {@link FusedLstmLayer} / {@link FusedGruLayer}: one libnd4j op per layer and sequence. */
    FUSED("fused"),
    /** DL4J's own LSTM ({@link MaskedLstm}), step by step in Java; LSTM only. Models trained before the fused layers use it. */
    DL4J("dl4j");

    private final String configName;

    RnnImpl(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** All config names, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(RnnImpl::configName).toList();
    }

    /** The implementation named {@code name} in configuration files. */
    public static RnnImpl fromConfigName(String name) {
        for (RnnImpl i : values()) {
            if (i.configName.equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown RNN implementation '" + name + "', expected one of " + configNames());
    }
}
