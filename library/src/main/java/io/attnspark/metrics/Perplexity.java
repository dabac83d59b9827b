package io.attnspark.metrics;

/** Perplexity from a summed negative log-likelihood. */
public final class Perplexity {
    private Perplexity() {
    }

    /**
     * {@code exp(totalNegLogLikelihood / tokens)}.
     *
     * @param totalNegLogLikelihood the summed negative log-likelihood in nats (natural log), at least 0
     * @param tokens                the number of predicted tokens, at least 1
     */
    public static double of(double totalNegLogLikelihood, long tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("perplexity needs at least one token, got " + tokens);
        }
        if (!(totalNegLogLikelihood >= 0) || Double.isInfinite(totalNegLogLikelihood)) {
            throw new IllegalArgumentException("perplexity needs a finite negative log-likelihood >= 0, got " + totalNegLogLikelihood);
        }
        return Math.exp(totalNegLogLikelihood / tokens);
    }
}
