package io.attnspark.prep;

import java.util.Locale;

/** The three splits of a prepared corpus; {@link #code()} is what the Spark rows carry. */
public enum Split {
    TRAIN, VALID, TEST;

    /** The directory name and manifest key: {@code train}, {@code valid}, {@code test}. */
    public String dirName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int code() {
        return ordinal();
    }

    public static Split ofCode(int code) {
        return values()[code];
    }
}
