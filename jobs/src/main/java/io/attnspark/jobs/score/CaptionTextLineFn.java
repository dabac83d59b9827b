package io.attnspark.jobs.score;

import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The --text-out line of a caption row {@code (id, image, status, caption)}: {@code IMAGE<TAB>caption}, keyed by
 * id; an image that is not ok gets {@code IMAGE<TAB>} (an empty caption).
 */
final class CaptionTextLineFn implements PairFunction<Row, Long, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public Tuple2<Long, String> call(Row r) {
        boolean ok = ScoreStatus.OK.label().equals(r.getString(2));
        return new Tuple2<>(r.getLong(0), r.getString(1) + "\t" + (ok ? r.getString(3) : ""));
    }
}
