package io.attnspark.jobs.score;

import io.attnspark.decode.Hypothesis;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.List;

/**
 * The outcome of one input record, a row of {@link ResultSchema}. Lives only inside a task (it becomes a
 * {@link Row} before Spark sees it); built by the factories below.
 */
record ScoreResult(ScoreInput input, ScoreStatus status, String message, Integer sourceTokens, Integer outputTokens,
                   String[] hypotheses, double[] scores, double[] logProbs, double[] tokenLogProbs, float[] attention,
                   int[] attentionShape) {
    private static final String[] NO_TEXT = new String[0];
    private static final double[] NO_SCORES = new double[0];

    /** A record that was not decoded: empty, too long or in error. */
    static ScoreResult notDecoded(ScoreInput in, ScoreStatus status, String message, Integer sourceTokens) {
        return new ScoreResult(in, status, message, sourceTokens, null, NO_TEXT, NO_SCORES, NO_SCORES, null, null, null);
    }

    /**
     * A translated record.
     *
     * @param nBest      its hypotheses, best first, and their detokenized texts
     * @param alignments keep the attention matrix of the best hypothesis
     */
    static ScoreResult translated(ScoreInput in, int sourceTokens, List<Hypothesis> nBest, String[] texts,
                                  boolean alignments) {
        double[] scores = new double[nBest.size()];
        double[] logProbs = new double[nBest.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = nBest.get(i).score();
            logProbs[i] = nBest.get(i).logProb();
        }
        Hypothesis best = nBest.get(0);
        float[] attention = null;
        int[] shape = null;
        if (alignments) {
            float[][] a = best.attention();
            int columns = a.length == 0 ? 0 : a[0].length;
            attention = new float[a.length * columns];
            for (int r = 0; r < a.length; r++) {
                System.arraycopy(a[r], 0, attention, r * columns, columns);
            }
            shape = new int[] {a.length, columns};
        }
        return new ScoreResult(in, ScoreStatus.OK, null, sourceTokens, best.tokens().length, texts, scores, logProbs,
                null, attention, shape);
    }

    /** A scored record: the target as the model saw it, log P of it in total and per token (EOS last). */
    static ScoreResult scored(ScoreInput in, int sourceTokens, int targetTokens, String targetText, double total,
                              double[] perToken) {
        double[] totals = {total};
        return new ScoreResult(in, ScoreStatus.OK, null, sourceTokens, targetTokens, new String[] {targetText}, totals,
                totals, perToken, null, null);
    }

    /** The row of {@link ResultSchema#SCHEMA}. */
    Row toRow() {
        return RowFactory.create(input.id(), input.source(), input.target(), status.label(), message, sourceTokens,
                outputTokens, hypotheses, scores, logProbs, tokenLogProbs, attention, attentionShape);
    }
}
