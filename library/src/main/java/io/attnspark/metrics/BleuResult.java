package io.attnspark.metrics;

import java.util.Arrays;

/**
 * A BLEU score and its parts, as sacreBLEU reports them.
 *
 * @param score          BLEU on the 0-100 scale
 * @param precisions     the (smoothed) n-gram precisions on the 0-100 scale, shape {@code [4]} (n = 1..4)
 * @param brevityPenalty the brevity penalty in [0, 1]
 * @param ratio          hypothesis length / reference length (0 when the reference length is 0)
 * @param hypLength      total hypothesis tokens
 * @param refLength      total closest-reference tokens
 */
public record BleuResult(double score, double[] precisions, double brevityPenalty, double ratio, long hypLength, long refLength) {
    public BleuResult {
        precisions = precisions.clone();
    }

    /** A copy of the precisions, shape {@code [4]}. */
    @Override
    public double[] precisions() {
        return precisions.clone();
    }

    /**
     * sacreBLEU's line, e.g.
     * {@code BLEU = 37.12 70.1/45.2/31.0/22.1 (BP = 0.987 ratio = 0.987 hyp_len = 1234 ref_len = 1250)}.
     */
    public String format() {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < precisions.length; i++) {
            p.append(i == 0 ? "" : "/").append(PyText.fixed(precisions[i], 1));
        }
        return "BLEU = " + PyText.fixed(score, 2) + " " + p + " (BP = " + PyText.fixed(brevityPenalty, 3)
                + " ratio = " + PyText.fixed(ratio, 3) + " hyp_len = " + hypLength + " ref_len = " + refLength + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuResult r && Double.compare(score, r.score) == 0 && Arrays.equals(precisions, r.precisions)
                && Double.compare(brevityPenalty, r.brevityPenalty) == 0 && Double.compare(ratio, r.ratio) == 0
                && hypLength == r.hypLength && refLength == r.refLength;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(score) * 31 + Arrays.hashCode(precisions);
    }

    @Override
    public String toString() {
        return format();
    }
}
