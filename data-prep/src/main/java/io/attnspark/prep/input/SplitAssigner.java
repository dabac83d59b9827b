package io.attnspark.prep.input;

import io.attnspark.prep.Split;

import java.io.Serializable;

/**
 * Decides the split of a pair read from one input: either a fixed split, or — for the train input when valid
 * and/or test are not given — a deterministic choice by a 64-bit hash of the normalised pair and the seed.
 * Identical pairs therefore always land in the same split, so the hash split never leaks a training pair into
 * valid or test.
 */
public final class SplitAssigner implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private final int fixed;
    private final long seed;
    private final double validBelow;
    private final double testBelow;

    private SplitAssigner(int fixed, long seed, double validFraction, double testFraction) {
        this.fixed = fixed;
        this.seed = seed;
        this.validBelow = validFraction;
        this.testBelow = validFraction + testFraction;
    }

    /** Every pair goes to {@code split}. */
    public static SplitAssigner fixed(Split split) {
        return new SplitAssigner(split.code(), 0, 0, 0);
    }

    /**
     * A pair goes to valid with probability {@code validFraction}, to test with {@code testFraction}, else to
     * train; pass 0 for a split that has its own input.
     */
    public static SplitAssigner hashed(long seed, double validFraction, double testFraction) {
        if (validFraction < 0 || testFraction < 0 || validFraction + testFraction >= 1) {
            throw new IllegalArgumentException("fractions " + validFraction + " + " + testFraction + " must be >= 0 and sum below 1");
        }
        return new SplitAssigner(-1, seed, validFraction, testFraction);
    }

    /** The {@link Split#code()} of the normalised pair. */
    public int assign(String src, String tgt) {
        if (fixed >= 0) {
            return fixed;
        }
        double u = unit(hash(seed, src, tgt));
        if (u < validBelow) {
            return Split.VALID.code();
        }
        if (u < testBelow) {
            return Split.TEST.code();
        }
        return Split.TRAIN.code();
    }

    /** FNV-1a over the UTF-16 units of {@code src}, a tab, {@code tgt}; then mixed with the seed (SplitMix64). */
    static long hash(long seed, String src, String tgt) {
        long h = FNV_OFFSET;
        for (int i = 0; i < src.length(); i++) {
            h = (h ^ src.charAt(i)) * FNV_PRIME;
        }
        h = (h ^ '\t') * FNV_PRIME;
        for (int i = 0; i < tgt.length(); i++) {
            h = (h ^ tgt.charAt(i)) * FNV_PRIME;
        }
        long z = h ^ (seed * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 53 bits of {@code h} as a number in [0, 1). */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }
}
