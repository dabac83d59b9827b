package io.attnspark.decode;

/**
 * The decoder's state for N rows (hypotheses) between steps.
 *
 * @param <S> the implementing type
 */
public interface RowState<S extends RowState<S>> {
    /** A state whose row i is this state's row {@code rows[i]} (beam reordering). */
    S select(int[] rows);
}
