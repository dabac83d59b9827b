package io.attnspark.jobs.score;

import java.util.Locale;

/** What became of one input record; the {@code status} column holds {@link #label()}. */
public enum ScoreStatus {
    /** Decoded (translate) or scored (score). */
    OK,
    /** The source has no tokens after normalisation. */
    EMPTY,
    /** The source (or, in score mode, the target) has more tokens than {@code score.max-source-length}. */
    TOO_LONG,
    /** The line could not be read, tokenized or decoded; the {@code message} column says why. */
    ERROR;

    /** {@code ok}, {@code empty}, {@code too_long} or {@code error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScoreStatus ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
