package io.attnspark.jobs.train;

import java.io.Serializable;

/**
 * What a Spark task measured on one validation pair: its negative log-likelihood under forced decoding and,
 * for the first pairs, the greedy translation (ids without EOS) with its attention [outputs + 1][source + 1].
 * Mutable fields and a no-argument constructor so that Kryo, as well as Java serialization, can carry it.
 */
public final class ValidatedPair implements Serializable {
    private static final long serialVersionUID = 1L;
    int index;
    double nll;
    int[] greedy;
    float[][] attention;

    public ValidatedPair() {
    }

    ValidatedPair(int index, double nll, int[] greedy, float[][] attention) {
        this.index = index;
        this.nll = nll;
        this.greedy = greedy;
        this.attention = attention;
    }
}
