package io.attnspark.jobs.train;

/**
 * What one epoch of distributed training did.
 *
 * @param epoch         1-based epoch number
 * @param epochs        epochs planned
 * @param loss          mean training loss per target token (nats) over the epoch's minibatches ({@link EpochLoss})
 * @param seconds       wall time of the epoch
 * @param targetTokens  target tokens (label positions) fitted in the epoch
 */
public record EpochReport(int epoch, int epochs, double loss, double seconds, long targetTokens) {

    /** Target tokens per second of wall time. */
    public double tokensPerSecond() {
        return seconds > 0 ? targetTokens / seconds : 0;
    }

    /** A one-line progress message with an estimate of the time left (at this epoch's pace). */
    public String progressLine() {
        double eta = seconds * (epochs - epoch);
        return String.format(java.util.Locale.ROOT, "epoch %d/%d  loss %.4f  %.0f tok/s  %.1fs  eta %s",
                epoch, epochs, loss, tokensPerSecond(), seconds, formatDuration(eta));
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(java.util.Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
