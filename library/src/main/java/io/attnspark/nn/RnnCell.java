package io.attnspark.nn;

import java.util.Arrays;
import java.util.List;

/** The recurrent cell of encoder or decoder layers ({@code model.encoder.cell}, {@code model.decoder.cell}). */
public enum RnnCell {
    LSTM("lstm"),
    GRU("gru");

    private final String configName;

    RnnCell(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** All config names, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(RnnCell::configName).toList();
    }

    /** The cell named {@code name} in configuration files. */
    public static RnnCell fromConfigName(String name) {
        for (RnnCell c : values()) {
            if (c.configName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + name + "', expected one of " + configNames());
    }
}
