package io.attnspark.decode;

/**
 * The model's log-probabilities of a given target.
 *
 * @param total    sum of perToken
 * @param perToken log P(y_t | y_&lt;t, x) of each target token and, last, of EOS: [target length + 1]
 */
public record ForcedScore(double total, double[] perToken) {
}
