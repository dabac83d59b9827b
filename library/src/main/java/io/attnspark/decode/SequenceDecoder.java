package io.attnspark.decode;

import java.util.List;

/**
 * A trained model decoding step by step for N rows at once: what {@link GreedySearch} and {@link BeamSearch} need,
 * whatever the model ({@link StepDecoder} for the RNN, {@link TransformerStepDecoder} for the Transformer).
 *
 * @param <E> the encoded source batch
 * @param <S> the decoder state
 */
public interface SequenceDecoder<E extends SourceBatch<E>, S extends RowState<S>> {
    /** Size of the target vocabulary (width of the log-probabilities). */
    int targetVocab();

    /** The state before the first step for {@code rows} rows. */
    S start(int rows);

    /**
     * Feeds {@code tokens} (one per row: BOS at the first step) and advances {@code state} in place.
     *
     * @param enc encoder outputs with one row per decoder row
     * @return log-probabilities of the next token [N, targetVocab] and attention weights over the source [N, srcTime]
     */
    StepDecoder.Step step(E enc, S state, int[] tokens);

    /** An encoder for sentences (ids without EOS) and this decoder, as one value. */
    record Model<E extends SourceBatch<E>, S extends RowState<S>>(SequenceDecoder<E, S> decoder,
                                                                  java.util.function.Function<List<int[]>, E> encoder) {
        public E encode(List<int[]> sources) {
            return encoder.apply(sources);
        }
    }
}
