package io.attnspark.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sufficient statistics of corpus chrF (Popović 2015) exactly as sacreBLEU 2.x computes it with its
 * defaults: character n-grams of orders 1 to 6 over the text with whitespace removed, no word n-grams,
 * beta = 2, cased, no epsilon smoothing (effective order); with several references each sentence counts
 * the statistics of the reference with the best sentence-level chrF (the first on a tie).
 *
 * <p>A mutable, {@link Serializable} accumulator: add sentences on each Spark partition, {@link #merge}
 * them, then take the {@link #result()}. Not thread-safe.
 */
public final class ChrfStats implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Character n-gram order. */
    public static final int CHAR_ORDER = 6;
    /** Recall weight. */
    public static final int BETA = 2;

    /** For each order n = 1..6: hypothesis n-grams, reference n-grams, matches. */
    private final long[] stats = new long[3 * CHAR_ORDER];

    /**
     * Adds one sentence.
     *
     * @param hypothesis the system output
     * @param references its references, at least one; {@code null} entries are skipped, as in sacreBLEU
     */
    public ChrfStats add(String hypothesis, List<String> references) {
        if (hypothesis == null) {
            throw new IllegalArgumentException("chrF hypothesis is null");
        }
        List<Map<String, Integer>> hyp = ngrams(hypothesis);
        long[] best = null;
        double bestF = -1.0;
        for (String ref : references) {
            if (ref == null) {
                continue;
            }
            List<Map<String, Integer>> refNgrams = ngrams(ref);
            long[] s = new long[3 * CHAR_ORDER];
            for (int n = 0; n < CHAR_ORDER; n++) {
                match(hyp.get(n), refNgrams.get(n), s, 3 * n);
            }
            double f = fScore(s);
            if (f > bestF) {
                bestF = f;
                best = s;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("chrF needs at least one reference per sentence; none for hypothesis '" + hypothesis + "'");
        }
        for (int i = 0; i < stats.length; i++) {
            stats[i] += best[i];
        }
        return this;
    }

    /** Adds the statistics of {@code other} to these; returns {@code this}. */
    public ChrfStats merge(ChrfStats other) {
        for (int i = 0; i < stats.length; i++) {
            stats[i] += other.stats[i];
        }
        return this;
    }

    /** Corpus chrF of what was added. */
    public ChrfResult result() {
        return new ChrfResult(fScore(stats), CHAR_ORDER, BETA);
    }

    /** sacreBLEU's {@code CHRF._compute_f_score} without epsilon smoothing. */
    static double fScore(long[] s) {
        double factor = BETA * BETA;
        double avgPrec = 0;
        double avgRec = 0;
        int effectiveOrder = 0;
        for (int n = 0; n < CHAR_ORDER; n++) {
            long hyp = s[3 * n];
            long ref = s[3 * n + 1];
            long match = s[3 * n + 2];
            if (hyp > 0 && ref > 0) {
                avgPrec += (double) match / hyp;
                avgRec += (double) match / ref;
                effectiveOrder++;
            }
        }
        if (effectiveOrder == 0) {
            return 0.0;
        }
        avgPrec /= effectiveOrder;
        avgRec /= effectiveOrder;
        if (avgPrec + avgRec == 0) {
            return 0.0;
        }
        double score = (1 + factor) * avgPrec * avgRec;
        score /= (factor * avgPrec) + avgRec;
        return 100 * score;
    }

    private static void match(Map<String, Integer> hyp, Map<String, Integer> ref, long[] into, int at) {
        long hypCount = 0;
        long matches = 0;
        for (Map.Entry<String, Integer> e : hyp.entrySet()) {
            hypCount += e.getValue();
            Integer r = ref.get(e.getKey());
            if (r != null) {
                matches += Math.min(e.getValue(), r);
            }
        }
        long refCount = 0;
        for (int c : ref.values()) {
            refCount += c;
        }
        into[at] = ref.isEmpty() ? 0 : hypCount;
        into[at + 1] = refCount;
        into[at + 2] = matches;
    }

    /** Character n-gram counts of orders 1..6 of {@code line} with whitespace removed. */
    private static List<Map<String, Integer>> ngrams(String line) {
        int[] cps = PyText.codePointsWithoutSpace(line);
        List<Map<String, Integer>> out = new ArrayList<>(CHAR_ORDER);
        for (int n = 1; n <= CHAR_ORDER; n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= cps.length; i++) {
                counts.merge(new String(cps, i, n), 1, Integer::sum);
            }
            out.add(counts);
        }
        return out;
    }
}
