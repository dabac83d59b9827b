package io.attnspark.metrics;

/**
 * A chrF score as sacreBLEU reports it.
 *
 * @param score     chrF on the 0-100 scale
 * @param charOrder the character n-gram order (6 by default)
 * @param beta      the recall weight (2 by default)
 */
public record ChrfResult(double score, int charOrder, int beta) {
    /** sacreBLEU's line, e.g. {@code chrF2 = 52.34}. */
    public String format() {
        return "chrF" + beta + " = " + PyText.fixed(score, 2);
    }

    @Override
    public String toString() {
        return format();
    }
}
