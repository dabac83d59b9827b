package io.attnspark.prep.input;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;

/** Turns one aligned raw pair into a row of {@link #SCHEMA}: normalises both sides and assigns the split. */
public final class PairMaker implements Serializable {
    private static final long serialVersionUID = 1L;

    /** split (int, {@code Split.code()}), id (1-based line number in its input), normalised src and tgt. */
    public static final StructType SCHEMA = new StructType()
            .add("split", DataTypes.IntegerType, false)
            .add("id", DataTypes.LongType, false)
            .add("src", DataTypes.StringType, false)
            .add("tgt", DataTypes.StringType, false);

    private final LineNormalizer normalizer;
    private final SplitAssigner splits;

    public PairMaker(LineNormalizer normalizer, SplitAssigner splits) {
        this.normalizer = normalizer;
        this.splits = splits;
    }

    Row make(long id, String rawSrc, String rawTgt) {
        String src = normalizer.normalize(rawSrc);
        String tgt = normalizer.normalize(rawTgt);
        return RowFactory.create(splits.assign(src, tgt), id, src, tgt);
    }
}
