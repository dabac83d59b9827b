package io.attnspark.jobs.score;

import io.attnspark.metrics.BleuStats;
import io.attnspark.metrics.ChrfStats;

import java.io.Serializable;
import java.util.List;

/**
 * What the summary counts over the results: records per status, source and output tokens of the records
 * that were decoded, and, when the input has references, the BLEU and chrF statistics of the best
 * hypotheses (a record that is not ok counts as an empty hypothesis, as its empty line in --text-out does).
 * A mutable, mergeable accumulator; a plain class (Kryo carries it as a task result).
 */
public final class ScoreTally implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] status = new long[ScoreStatus.values().length];
    private long sourceTokens;
    private long outputTokens;
    private final BleuStats bleu;
    private final ChrfStats chrf;

    /** @param metrics whether to accumulate BLEU and chrF */
    ScoreTally(boolean metrics) {
        this.bleu = metrics ? new BleuStats() : null;
        this.chrf = metrics ? new ChrfStats() : null;
    }

    /**
     * Adds one record.
     *
     * @param best      its best hypothesis ({@code ""} when not ok)
     * @param reference its reference, or null
     */
    void add(ScoreStatus s, Integer srcTokens, Integer outTokens, String best, String reference) {
        status[s.ordinal()]++;
        if (s == ScoreStatus.OK) {
            sourceTokens += srcTokens == null ? 0 : srcTokens;
            outputTokens += outTokens == null ? 0 : outTokens;
        }
        if (bleu != null && reference != null) {
            bleu.add(best, List.of(reference));
            chrf.add(best, List.of(reference));
        }
    }

    ScoreTally merge(ScoreTally other) {
        for (int i = 0; i < status.length; i++) {
            status[i] += other.status[i];
        }
        sourceTokens += other.sourceTokens;
        outputTokens += other.outputTokens;
        if (bleu != null && other.bleu != null) {
            bleu.merge(other.bleu);
            chrf.merge(other.chrf);
        }
        return this;
    }

    public long count(ScoreStatus s) {
        return status[s.ordinal()];
    }

    public long records() {
        long n = 0;
        for (long c : status) {
            n += c;
        }
        return n;
    }

    /** Source tokens of the records that are ok. */
    public long sourceTokens() {
        return sourceTokens;
    }

    /** Tokens of the best hypotheses (score mode: of the targets) of the records that are ok. */
    public long outputTokens() {
        return outputTokens;
    }

    /** BLEU statistics, or null when not accumulated. */
    BleuStats bleu() {
        return bleu;
    }

    /** chrF statistics, or null when not accumulated. */
    ChrfStats chrf() {
        return chrf;
    }
}
