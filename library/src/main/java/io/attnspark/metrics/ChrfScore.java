package io.attnspark.metrics;

import java.util.List;

/**
 * Corpus chrF exactly as sacreBLEU 2.x computes it with its defaults
 * ({@code nrefs:N|case:mixed|eff:yes|nc:6|nw:0|space:no}); see {@link ChrfStats}.
 */
public final class ChrfScore {
    private ChrfScore() {
    }

    /**
     * Corpus chrF of {@code hypotheses}; {@code references} are streams as in {@link BleuScore#corpus}.
     */
    public static ChrfResult corpus(List<String> hypotheses, List<List<String>> references) {
        return stats(hypotheses, references).result();
    }

    /** The statistics of {@link #corpus}, for merging with other parts of a corpus. */
    public static ChrfStats stats(List<String> hypotheses, List<List<String>> references) {
        BleuScore.checkStreams("chrF", hypotheses, references);
        ChrfStats stats = new ChrfStats();
        for (int i = 0; i < hypotheses.size(); i++) {
            stats.add(hypotheses.get(i), BleuScore.referencesOf(references, i));
        }
        return stats;
    }

    /** Sentence chrF, as sacreBLEU's {@code sentence_chrf}. */
    public static ChrfResult sentence(String hypothesis, List<String> references) {
        return new ChrfStats().add(hypothesis, references).result();
    }
}
