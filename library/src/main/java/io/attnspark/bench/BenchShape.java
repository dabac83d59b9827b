package io.attnspark.bench;

/**
 * The data side of a benchmark: a batch of {@code batch} sentence pairs, every source {@code sourceLength}
 * ids long and every target {@code targetLength} ids long (EOS added to both, as in training), over
 * vocabularies of the given sizes, and {@code decodeSteps} decoder steps per greedy decode.
 */
public record BenchShape(int batch, int sourceLength, int targetLength, int sourceVocab, int targetVocab,
                         int decodeSteps) {
    public BenchShape {
        if (batch < 1 || sourceLength < 1 || targetLength < 1 || decodeSteps < 1) {
            throw new IllegalArgumentException("benchmark batch, lengths and steps must be positive, got batch " + batch
                    + ", source " + sourceLength + ", target " + targetLength + ", steps " + decodeSteps);
        }
        if (sourceVocab < 5 || targetVocab < 5) {
            throw new IllegalArgumentException("benchmark vocabularies need at least 5 entries, got " + sourceVocab
                    + " and " + targetVocab);
        }
    }

    /** Batch 64 x 16 tokens, vocabularies 8000 / 8000, 16 decode steps: the shape of issues #4 and #8. */
    public static BenchShape standard() {
        return new BenchShape(64, 16, 16, 8000, 8000, 16);
    }

    /** Target tokens one training step fits (label positions, EOS included). */
    public long trainTokensPerStep() {
        return (long) batch * (targetLength + 1);
    }

    /** Tokens one greedy decode emits. */
    public long decodeTokensPerStep() {
        return (long) batch * decodeSteps;
    }
}
