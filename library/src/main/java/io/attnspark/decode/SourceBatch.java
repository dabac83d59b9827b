package io.attnspark.decode;

/**
 * Encoded source sentences as a decoder attends over them: one row per decoder row (hypothesis).
 *
 * @param <E> the implementing type
 */
public interface SourceBatch<E extends SourceBatch<E>> {
    /** Number of rows. */
    int size();

    /** Padded source length (longest source + EOS). */
    int srcTime();

    /** Source lengths including EOS, [size]. */
    int[] lengths();

    /** Rows {@code rows} of this batch (a sentence may repeat, e.g. once per beam), in that order. */
    E select(int[] rows);
}
