package io.attnspark.jobs.score;

import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.List;

/**
 * The --text-out line of a result row {@code (id, status, hypotheses, scores)}: the best hypothesis
 * (translate) or the total log-probability (score, Java's shortest exact decimal form), keyed by id; an
 * empty line for a record that is not ok.
 */
final class TextLineFn implements PairFunction<Row, Long, String> {
    private static final long serialVersionUID = 1L;
    private final boolean forced;

    /** @param forced score mode: write log-probabilities */
    TextLineFn(boolean forced) {
        this.forced = forced;
    }

    @Override
    public Tuple2<Long, String> call(Row r) {
        long id = r.getLong(0);
        if (!ScoreStatus.OK.label().equals(r.getString(1))) {
            return new Tuple2<>(id, "");
        }
        if (forced) {
            List<Double> scores = r.getList(3);
            return new Tuple2<>(id, Double.toString(scores.get(0)));
        }
        List<String> hyps = r.getList(2);
        return new Tuple2<>(id, hyps.get(0));
    }
}
