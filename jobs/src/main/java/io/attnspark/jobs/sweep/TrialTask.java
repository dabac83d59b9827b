package io.attnspark.jobs.sweep;

import java.io.Serializable;

/**
 * One {@link TrialStep} as a Spark task receives it. A plain class of strings and arrays (Spark's Kryo cannot
 * rebuild records).
 */
final class TrialTask implements Serializable {
    private static final long serialVersionUID = 1L;
    final int id;
    /** The trial's resolved configuration as HOCON text. */
    final String config;
    final int fromEpoch;
    final int toEpoch;
    /** The model after {@code fromEpoch} epochs (DL4J zip with updater state); null when fromEpoch is 0. */
    final byte[] model;

    TrialTask(int id, String config, int fromEpoch, int toEpoch, byte[] model) {
        this.id = id;
        this.config = config;
        this.fromEpoch = fromEpoch;
        this.toEpoch = toEpoch;
        this.model = model;
    }
}
