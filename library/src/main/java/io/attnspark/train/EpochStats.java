package io.attnspark.train;

/**
 * What one training epoch did.
 *
 * @param epoch         1-based epoch number
 * @param lossPerToken  mean cross-entropy per target token (EOS included), in nats
 * @param batches       minibatches fitted
 * @param tokens        target tokens (EOS included) trained on
 * @param seconds       wall time of the epoch
 */
public record EpochStats(int epoch, double lossPerToken, int batches, long tokens, double seconds) {

    /** Target tokens per second. */
    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : Double.NaN;
    }
}
