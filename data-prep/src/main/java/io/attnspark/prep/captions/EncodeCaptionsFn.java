package io.attnspark.prep.captions;

import io.attnspark.prep.JavaSerialized;
import io.attnspark.text.TextPipeline;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.Iterator;

/**
 * Adds the caption ids to decoded images: rows of {@link CaptionsSchema#decodedV1Columns()} in, rows of
 * {@link CaptionsSchema#V1} out. The captions are already normalised, and normalisation is idempotent, so the ids
 * are those of the raw captions.
 */
final class EncodeCaptionsFn implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<JavaSerialized<TextPipeline>> pipeline;

    EncodeCaptionsFn(Broadcast<JavaSerialized<TextPipeline>> pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TextPipeline p = pipeline.value().get();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                // Spark's row encoder takes Java arrays (or Scala sequences) for array columns, not Java lists.
                String[] captions = r.<String>getList(7).toArray(new String[0]);
                int[][] ids = new int[captions.length][];
                for (int i = 0; i < captions.length; i++) {
                    ids[i] = p.encode(captions[i]);
                }
                return RowFactory.create(r.getString(0), r.getInt(1), r.getInt(2), r.getInt(3), r.get(4), r.getInt(5),
                        r.getInt(6), captions, ids);
            }
        };
    }
}
