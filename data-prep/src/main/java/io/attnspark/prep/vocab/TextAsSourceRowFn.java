package io.attnspark.prep.vocab;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** One text as the row {@link CountTokensFn} reads, on the source side, with an empty target. */
final class TextAsSourceRowFn implements Function<String, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(String text) {
        return RowFactory.create(0, 0L, text, "");
    }
}
