package io.attnspark.prep.encode;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Parquet rows of a prepared corpus, schema version 1, and the working rows of the encode stage. */
public final class PreparedSchema {
    public static final String ID = "id";
    public static final String SRC = "src";
    public static final String TGT = "tgt";
    public static final String SRC_IDS = "src_ids";
    public static final String TGT_IDS = "tgt_ids";
    public static final String SRC_LEN = "src_len";
    public static final String TGT_LEN = "tgt_len";
    public static final String BUCKET = "bucket";
    /** Working columns, not written. */
    public static final String SPLIT = "split";
    public static final String REASON = "reason";
    public static final String DUPLICATE = "duplicate";

    /**
     * Schema version 1: {@code id} 1-based line number in its input; {@code src}, {@code tgt} the normalised
     * text; {@code src_ids} shape {@code [src_len]}, {@code tgt_ids} shape {@code [tgt_len]} (no BOS/EOS);
     * {@code bucket} = {@code (max(src_len, tgt_len) - 1) / data.bucket-width}.
     */
    public static final StructType V1 = new StructType()
            .add(ID, DataTypes.LongType, false)
            .add(SRC, DataTypes.StringType, false)
            .add(TGT, DataTypes.StringType, false)
            .add(SRC_IDS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add(TGT_IDS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add(SRC_LEN, DataTypes.IntegerType, false)
            .add(TGT_LEN, DataTypes.IntegerType, false)
            .add(BUCKET, DataTypes.IntegerType, false);

    /** What the encode stage emits: the split, the V1 columns and the filter reason (0 = kept). */
    public static final StructType ENCODED = encoded();

    private PreparedSchema() {
    }

    private static StructType encoded() {
        StructType t = new StructType().add(SPLIT, DataTypes.IntegerType, false);
        for (org.apache.spark.sql.types.StructField f : V1.fields()) {
            t = t.add(f);
        }
        return t.add(REASON, DataTypes.IntegerType, false);
    }

    /** The V1 column names in order. */
    public static String[] v1Columns() {
        return V1.fieldNames();
    }
}
