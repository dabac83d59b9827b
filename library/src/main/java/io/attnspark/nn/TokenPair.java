package io.attnspark.nn;

import java.util.Arrays;

/**
 * A source and target sentence as token ids, without special tokens (no BOS, EOS or padding).
 *
 * @param source source ids, each in [4, sourceVocab) or UNK
 * @param target target ids, each in [4, targetVocab) or UNK
 */
public record TokenPair(int[] source, int[] target) {
    public TokenPair {
        if (source == null || target == null) {
            throw new IllegalArgumentException("source and target must not be null");
        }
    }

    /** The longer of the two sides, counting the EOS/BOS each gets in a batch. */
    public int paddedLength() {
        return Math.max(source.length, target.length) + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenPair p && Arrays.equals(source, p.source) && Arrays.equals(target, p.target);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(source) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return Arrays.toString(source) + " -> " + Arrays.toString(target);
    }
}
