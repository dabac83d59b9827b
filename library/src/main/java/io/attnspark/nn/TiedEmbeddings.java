package io.attnspark.nn;

import java.util.Arrays;
import java.util.List;

/**
 * Which embedding tables are the output projection ({@code model.tie-embeddings},
 * {@code model.transformer.tie-embeddings}; Press and Wolf 2017, Inan et al. 2017).
 */
public enum TiedEmbeddings {
    /** Every embedding table and the output projection are separate parameters. */
    NONE("none"),
    /** The target embedding is the output projection's weight matrix, transposed. */
    TARGET("target"),
    /** Source and target embeddings are both the output projection (needs one vocabulary for both sides). */
    ALL("all");

    private final String configName;

    TiedEmbeddings(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** Whether the target embedding is tied. */
    public boolean target() {
        return this != NONE;
    }

    /** Whether the source embedding is tied. */
    public boolean source() {
        return this == ALL;
    }

    /** All config names, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(TiedEmbeddings::configName).toList();
    }

    /** The choice named {@code name} in configuration files. */
    public static TiedEmbeddings fromConfigName(String name) {
        for (TiedEmbeddings t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tie-embeddings '" + name + "', expected one of " + configNames());
    }
}
