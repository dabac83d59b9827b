package io.attnspark.prep.encode;

import io.attnspark.prep.JavaSerialized;
import io.attnspark.text.TextPipeline;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.Iterator;

/**
 * Encodes normalised pairs (rows of {@code split, id, src, tgt, duplicate}) into rows of
 * {@link PreparedSchema#ENCODED}: ids through each side's {@link TextPipeline} (the text is already normalised,
 * and normalisation is idempotent, so the ids are those of the raw line), lengths, bucket and filter reason.
 * Duplicates are not encoded (they are never written).
 */
public final class EncodeFn implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int[] NONE = new int[0];
    private final Broadcast<JavaSerialized<TextPipeline>> src;
    private final Broadcast<JavaSerialized<TextPipeline>> tgt;
    private final PairFilter filter;

    public EncodeFn(Broadcast<JavaSerialized<TextPipeline>> src, Broadcast<JavaSerialized<TextPipeline>> tgt, PairFilter filter) {
        this.src = src;
        this.tgt = tgt;
        this.filter = filter;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TextPipeline s = src.value().get();
        TextPipeline t = tgt.value().get();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                int split = r.getInt(0);
                long id = r.getLong(1);
                String srcText = r.getString(2);
                String tgtText = r.getString(3);
                boolean duplicate = r.getBoolean(4);
                int[] srcIds = duplicate ? NONE : s.encode(srcText);
                int[] tgtIds = duplicate ? NONE : t.encode(tgtText);
                int reason = filter.reason(split, duplicate, srcIds.length, tgtIds.length);
                return RowFactory.create(split, id, srcText, tgtText, srcIds, tgtIds, srcIds.length, tgtIds.length,
                        filter.bucket(srcIds.length, tgtIds.length), reason);
            }
        };
    }
}
