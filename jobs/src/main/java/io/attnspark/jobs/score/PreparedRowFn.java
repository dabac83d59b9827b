package io.attnspark.jobs.score;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;

/**
 * A row {@code (id, src, tgt)} of a prepared split as a {@link ScoreInput}: prep's 1-based line number
 * becomes the 0-based one score reports, and the (normalised) target is the reference.
 */
final class PreparedRowFn implements Function<Row, ScoreInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public ScoreInput call(Row row) {
        return new ScoreInput(row.getLong(0) - 1, row.getString(1), row.getString(2), null);
    }
}
