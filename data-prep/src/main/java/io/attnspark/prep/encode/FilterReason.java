package io.attnspark.prep.encode;

/**
 * Why a pair was dropped. A pair gets at most one reason, the first that applies in this order: duplicate,
 * empty, too-long, length-ratio. {@link #code()} 0 means kept.
 */
public enum FilterReason {
    /** Exact duplicate (after normalisation) of a training pair with a smaller line number. Train only. */
    DUPLICATE("duplicate"),
    /** A side has no tokens after normalisation. */
    EMPTY("empty"),
    /** A side has more than {@code data.filter.max-tokens} tokens after subword segmentation. */
    TOO_LONG("too-long"),
    /** The longer side has more than {@code data.filter.max-length-ratio} times the tokens of the shorter. */
    LENGTH_RATIO("length-ratio");

    public static final int KEPT = 0;
    private final String key;

    FilterReason(String key) {
        this.key = key;
    }

    /** The key in the manifest's {@code filtered} map. */
    public String key() {
        return key;
    }

    /** 1, 2, ... (0 is {@link #KEPT}). */
    public int code() {
        return ordinal() + 1;
    }

    public static FilterReason ofCode(int code) {
        return values()[code - 1];
    }
}
