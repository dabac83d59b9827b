package io.attnspark.jobs.score;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

import java.util.Iterator;
import java.util.List;

/**
 * The {@link ScoreTally} of one partition of result rows {@code (status, src_tokens, out_tokens, hypotheses,
 * reference)}.
 */
final class TallyFn implements FlatMapFunction<Iterator<Row>, ScoreTally> {
    private static final long serialVersionUID = 1L;
    private final boolean metrics;

    /** @param metrics accumulate BLEU and chrF of the best hypotheses against the references */
    TallyFn(boolean metrics) {
        this.metrics = metrics;
    }

    @Override
    public Iterator<ScoreTally> call(Iterator<Row> rows) {
        ScoreTally tally = new ScoreTally(metrics);
        while (rows.hasNext()) {
            Row r = rows.next();
            List<String> hyps = r.getList(3);
            tally.add(ScoreStatus.ofLabel(r.getString(0)), r.isNullAt(1) ? null : r.getInt(1),
                    r.isNullAt(2) ? null : r.getInt(2), hyps.isEmpty() ? "" : hyps.get(0),
                    r.isNullAt(4) ? null : r.getString(4));
        }
        return List.of(tally).iterator();
    }
}
