package io.attnspark.prep.output;

import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;
import io.attnspark.prep.encode.FilterReason;
import io.attnspark.prep.encode.PreparedSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;

import static org.apache.spark.sql.functions.col;

/**
 * Writes the kept pairs of one split as Parquet (schema {@link PreparedSchema#V1}) in at most {@code shards}
 * files, each sorted by {@code id}; rows go to files by a hash of their id, so the layout is deterministic.
 */
public final class SplitWriter {
    private final SparkSession spark;
    private final int shards;

    public SplitWriter(SparkSession spark, int shards) {
        this.spark = spark;
        this.shards = shards;
    }

    /**
     * Writes {@code split} of {@code encoded} (rows of {@link PreparedSchema#ENCODED}) to {@code dir} and checks
     * that the files hold {@code expected} rows.
     */
    public void write(Dataset<Row> encoded, Split split, String dir, long expected) {
        Column[] v1 = Arrays.stream(PreparedSchema.v1Columns()).map(c -> col(c)).toArray(Column[]::new);
        encoded.filter(col(PreparedSchema.SPLIT).equalTo(split.code())
                        .and(col(PreparedSchema.REASON).equalTo(FilterReason.KEPT)))
                .select(v1)
                .repartition(shards, col(PreparedSchema.ID))
                .sortWithinPartitions(PreparedSchema.ID)
                .write()
                .parquet(dir);
        long written = spark.read().parquet(dir).count();
        if (written != expected) {
            throw new PrepException("internal error: " + dir + " holds " + written + " rows, expected " + expected);
        }
    }
}
