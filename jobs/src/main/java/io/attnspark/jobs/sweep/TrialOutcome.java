package io.attnspark.jobs.sweep;

import java.io.Serializable;

/** What a trial's Spark task sends back. A plain class (Spark's Kryo cannot rebuild records). */
final class TrialOutcome implements Serializable {
    private static final long serialVersionUID = 1L;
    final int id;
    /** Null on success; else one line. */
    final String error;
    /** One JSON object per epoch trained (metrics.jsonl lines). */
    final String[] metrics;
    /** The model after the step (DL4J zip with updater state); null on failure. */
    final byte[] model;
    final double seconds;

    TrialOutcome(int id, String error, String[] metrics, byte[] model, double seconds) {
        this.id = id;
        this.error = error;
        this.metrics = metrics;
        this.model = model;
        this.seconds = seconds;
    }
}
