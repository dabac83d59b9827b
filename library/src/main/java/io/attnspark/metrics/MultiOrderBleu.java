package io.attnspark.metrics;

import java.util.List;

/**
 * BLEU-1 to BLEU-4 of a corpus whose sentences each have a list of references (any number, e.g. the five
 * captions of a Flickr8k image), as captioning papers report them: BLEU-n is the brevity penalty times the
 * geometric mean of the clipped n-gram precisions of orders 1..n, with sacreBLEU's 'exp' smoothing of zero
 * counts and its 13a tokenization. BLEU-4 equals {@link BleuStats#result()}.
 */
public final class MultiOrderBleu {
    private MultiOrderBleu() {
    }

    /** Statistics of {@code hypotheses.get(i)} against all of {@code references.get(i)} (at least one each). */
    public static BleuStats stats(List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size()
                    + " reference lists");
        }
        BleuStats stats = new BleuStats();
        for (int i = 0; i < hypotheses.size(); i++) {
            stats.add(hypotheses.get(i), references.get(i));
        }
        return stats;
    }

    /**
     * The brevity penalty every BLEU-n is multiplied by: 1 when the hypotheses are at least as long as the
     * references (for each sentence the reference closest in length), else exp(1 - reference / hypothesis length).
     */
    public static double brevityPenalty(BleuStats s) {
        if (s.hypLength() >= s.refLength()) {
            return 1.0;
        }
        return s.hypLength() > 0 ? Math.exp(1 - (double) s.refLength() / s.hypLength()) : 0.0;
    }

    /** Hypothesis length over reference length (the closest reference of each sentence); NaN without references. */
    public static double lengthRatio(BleuStats s) {
        return s.refLength() > 0 ? (double) s.hypLength() / s.refLength() : Double.NaN;
    }

    /** BLEU-1..4 on the 0-100 scale: shape [4], index n - 1 for BLEU-n. */
    public static double[] scores(BleuStats s) {
        double bp = brevityPenalty(s);
        double[] out = new double[BleuStats.MAX_ORDER];
        double smooth = 1.0;
        double logSum = 0;
        boolean anyCorrect = false;
        for (int n = 1; n <= BleuStats.MAX_ORDER; n++) {
            anyCorrect |= s.correct(n) != 0;
        }
        for (int n = 1; n <= BleuStats.MAX_ORDER; n++) {
            double precision;
            if (s.total(n) == 0) {
                precision = 0.0;
            } else if (s.correct(n) == 0) {
                smooth *= 2;
                precision = 100. / (smooth * s.total(n));
            } else {
                precision = 100. * s.correct(n) / s.total(n);
            }
            logSum += precision == 0.0 ? -9999999999.0 : Math.log(precision);
            out[n - 1] = anyCorrect ? bp * Math.exp(logSum / n) : 0.0;
        }
        return out;
    }
}
