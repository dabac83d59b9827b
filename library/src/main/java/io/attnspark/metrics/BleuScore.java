package io.attnspark.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Corpus BLEU (Papineni et al. 2002) exactly as sacreBLEU 2.x computes it with its defaults
 * ({@code nrefs:N|case:mixed|eff:no|tok:13a|smooth:exp}); see {@link BleuStats} for the statistics and
 * for accumulating them on Spark.
 */
public final class BleuScore {
    private BleuScore() {
    }

    /**
     * Corpus BLEU of {@code hypotheses} against one or more reference streams.
     *
     * @param hypotheses detokenized system outputs, one per sentence
     * @param references reference streams as in sacreBLEU: {@code references.get(r).get(i)} is the r-th
     *                   reference of sentence i; every stream has one entry per hypothesis ({@code null}
     *                   where a sentence has fewer references)
     */
    public static BleuResult corpus(List<String> hypotheses, List<List<String>> references) {
        return stats(hypotheses, references).result();
    }

    /** The statistics of {@link #corpus}, for merging with other parts of a corpus. */
    public static BleuStats stats(List<String> hypotheses, List<List<String>> references) {
        checkStreams("BLEU", hypotheses, references);
        BleuStats stats = new BleuStats();
        for (int i = 0; i < hypotheses.size(); i++) {
            stats.add(hypotheses.get(i), referencesOf(references, i));
        }
        return stats;
    }

    /** Sentence BLEU as sacreBLEU's {@code sentence_bleu}: 'exp' smoothing with effective order. */
    public static BleuResult sentence(String hypothesis, List<String> references) {
        return new BleuStats().add(hypothesis, references).resultWithEffectiveOrder();
    }

    /** The references of sentence {@code i}, one per stream. */
    static List<String> referencesOf(List<List<String>> streams, int i) {
        List<String> refs = new ArrayList<>(streams.size());
        for (List<String> stream : streams) {
            refs.add(stream.get(i));
        }
        return refs;
    }

    /** Refuses hypothesis and reference streams of different lengths, or no reference stream at all. */
    static void checkStreams(String metric, List<String> hypotheses, List<List<String>> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException(metric + " needs at least one reference stream, got none");
        }
        for (int r = 0; r < references.size(); r++) {
            if (references.get(r).size() != hypotheses.size()) {
                throw new IllegalArgumentException(metric + " reference stream " + r + " has " + references.get(r).size()
                        + " sentences but there are " + hypotheses.size() + " hypotheses");
            }
        }
    }
}
