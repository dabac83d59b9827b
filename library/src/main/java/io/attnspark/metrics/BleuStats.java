package io.attnspark.metrics;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sufficient statistics of corpus BLEU, accumulated sentence by sentence exactly as sacreBLEU 2.x
 * does with its defaults: 13a tokenization, cased, n-grams up to 4, clipped counts against the maximum
 * count over the references, reference length closest to the hypothesis length (ties to the shorter).
 *
 * <p>A mutable, {@link Serializable} accumulator: add sentences on each Spark partition, {@link #merge}
 * the partitions, then take the {@link #result()}. Not thread-safe.
 */
public final class BleuStats implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The maximum n-gram order. */
    public static final int MAX_ORDER = 4;

    private long hypLength;
    private long refLength;
    private final long[] correct = new long[MAX_ORDER];
    private final long[] total = new long[MAX_ORDER];

    /**
     * Adds one sentence.
     *
     * @param hypothesis the detokenized system output
     * @param references its references, at least one; {@code null} entries (a stream without a reference
     *                   for this sentence) are skipped, as in sacreBLEU
     */
    public BleuStats add(String hypothesis, List<String> references) {
        if (hypothesis == null) {
            throw new IllegalArgumentException("BLEU hypothesis is null");
        }
        Map<String, Integer> refNgrams = new HashMap<>();
        int[] refLens = new int[references.size()];
        int refs = 0;
        for (String ref : references) {
            if (ref == null) {
                continue;
            }
            List<String> tokens = PyText.split(Tokenizer13a.tokenize(PyText.rstrip(ref)));
            refLens[refs++] = tokens.size();
            Map<String, Integer> ngrams = new HashMap<>();
            countNgrams(tokens, ngrams);
            ngrams.forEach((g, c) -> refNgrams.merge(g, c, Math::max));
        }
        if (refs == 0) {
            throw new IllegalArgumentException("BLEU needs at least one reference per sentence; none for hypothesis '" + hypothesis + "'");
        }
        List<String> hypTokens = PyText.split(Tokenizer13a.tokenize(PyText.rstrip(hypothesis)));
        Map<String, Integer> hypNgrams = new HashMap<>();
        countNgrams(hypTokens, hypNgrams);
        int hypLen = hypTokens.size();
        hypLength += hypLen;
        refLength += closest(hypLen, refLens, refs);
        for (Map.Entry<String, Integer> e : hypNgrams.entrySet()) {
            int n = order(e.getKey());
            total[n - 1] += e.getValue();
            Integer r = refNgrams.get(e.getKey());
            if (r != null) {
                correct[n - 1] += Math.min(e.getValue(), r);
            }
        }
        return this;
    }

    /** Adds the statistics of {@code other} to these; returns {@code this}. */
    public BleuStats merge(BleuStats other) {
        hypLength += other.hypLength;
        refLength += other.refLength;
        for (int n = 0; n < MAX_ORDER; n++) {
            correct[n] += other.correct[n];
            total[n] += other.total[n];
        }
        return this;
    }

    /** Corpus BLEU of what was added, with sacreBLEU's default 'exp' smoothing. */
    public BleuResult result() {
        return compute(false);
    }

    /** BLEU with effective order (orders without hypothesis n-grams left out), as sacreBLEU's sentence_bleu. */
    public BleuResult resultWithEffectiveOrder() {
        return compute(true);
    }

    public long hypLength() {
        return hypLength;
    }

    public long refLength() {
        return refLength;
    }

    /** Clipped matching n-grams of order {@code n} (1..4). */
    public long correct(int n) {
        return correct[n - 1];
    }

    /** Hypothesis n-grams of order {@code n} (1..4). */
    public long total(int n) {
        return total[n - 1];
    }

    /** sacreBLEU's {@code BLEU.compute_bleu} with smooth_method='exp'. */
    private BleuResult compute(boolean effectiveOrder) {
        double bp = 1.0;
        if (hypLength < refLength) {
            bp = hypLength > 0 ? Math.exp(1 - (double) refLength / hypLength) : 0.0;
        }
        double ratio = refLength > 0 ? (double) hypLength / refLength : 0;
        double[] precisions = new double[MAX_ORDER];
        boolean anyCorrect = false;
        for (long c : correct) {
            anyCorrect |= c != 0;
        }
        if (!anyCorrect) {
            return new BleuResult(0.0, precisions, bp, ratio, hypLength, refLength);
        }
        double smooth = 1.0;
        int effOrder = MAX_ORDER;
        for (int n = 1; n <= MAX_ORDER; n++) {
            if (total[n - 1] == 0) {
                break;
            }
            if (effectiveOrder) {
                effOrder = n;
            }
            if (correct[n - 1] == 0) {
                smooth *= 2;
                precisions[n - 1] = 100. / (smooth * total[n - 1]);
            } else {
                precisions[n - 1] = 100. * correct[n - 1] / total[n - 1];
            }
        }
        double sum = 0;
        for (int n = 0; n < effOrder; n++) {
            sum += precisions[n] == 0.0 ? -9999999999.0 : Math.log(precisions[n]);
        }
        return new BleuResult(bp * Math.exp(sum / effOrder), precisions, bp, ratio, hypLength, refLength);
    }

    private static void countNgrams(List<String> tokens, Map<String, Integer> into) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            key.setLength(0);
            for (int n = 1; n <= MAX_ORDER && i + n <= tokens.size(); n++) {
                key.append(n > 1 ? " " : "").append(tokens.get(i + n - 1));
                into.merge(key.toString(), 1, Integer::sum);
            }
        }
    }

    private static int order(String ngram) {
        int n = 1;
        for (int i = 0; i < ngram.length(); i++) {
            if (ngram.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /** The reference length closest to {@code hypLen}, the shorter on a tie. */
    private static int closest(int hypLen, int[] refLens, int count) {
        int best = refLens[0];
        for (int i = 1; i < count; i++) {
            int diff = Math.abs(hypLen - refLens[i]);
            int bestDiff = Math.abs(hypLen - best);
            if (diff < bestDiff || (diff == bestDiff && refLens[i] < best)) {
                best = refLens[i];
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "BleuStats(hyp_len=" + hypLength + ", ref_len=" + refLength + ", correct=" + java.util.Arrays.toString(correct)
                + ", total=" + java.util.Arrays.toString(total) + ")";
    }
}
