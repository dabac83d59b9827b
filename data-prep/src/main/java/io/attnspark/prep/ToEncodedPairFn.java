package io.attnspark.prep;

import io.attnspark.prep.encode.PreparedSchema;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

/** A Parquet row of schema version 1 as an {@link EncodedPair}. */
final class ToEncodedPairFn implements Function<Row, EncodedPair> {
    private static final long serialVersionUID = 1L;

    @Override
    public EncodedPair call(Row row) {
        return new EncodedPair(row.getLong(row.fieldIndex(PreparedSchema.ID)),
                ints(row.getSeq(row.fieldIndex(PreparedSchema.SRC_IDS))),
                ints(row.getSeq(row.fieldIndex(PreparedSchema.TGT_IDS))));
    }

    private static int[] ints(Seq<Object> seq) {
        int[] out = new int[seq.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Integer) seq.apply(i);
        }
        return out;
    }
}
