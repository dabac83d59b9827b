package io.attnspark.decode;

import java.util.Arrays;

/**
 * One output of the decoder for one source sentence.
 *
 * @param tokens    output token ids, without BOS and EOS
 * @param score     log P / length norm (see {@link DecodeConfig#lengthNorm}); the beam ranks by it
 * @param logProb   total log-probability of tokens + EOS
 * @param attention attention weights [tokens.length + 1][sourceLength + 1]: row t is the distribution over
 *                  the source tokens and the source EOS when output t (the last row: EOS) was predicted
 */
public record Hypothesis(int[] tokens, double score, double logProb, float[][] attention) {

    /** Number of output tokens plus EOS, as counted by the length penalty. */
    public int length() {
        return tokens.length + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hypothesis h && Arrays.equals(tokens, h.tokens) && score == h.score
                && logProb == h.logProb && Arrays.deepEquals(attention, h.attention);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + Double.hashCode(score);
    }

    @Override
    public String toString() {
        return Arrays.toString(tokens) + " score=" + score + " logP=" + logProb;
    }
}
