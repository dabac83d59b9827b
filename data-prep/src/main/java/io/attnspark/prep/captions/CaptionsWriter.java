package io.attnspark.prep.captions;

import io.attnspark.prep.JavaSerialized;
import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;
import io.attnspark.text.TextPipeline;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;

import static org.apache.spark.sql.functions.col;

/**
 * Encodes the captions of the kept images of one split and writes them as Parquet (schema
 * {@link CaptionsSchema#V1}) in at most {@code shards} files, each sorted by image name; rows go to files by a hash
 * of the name, so the layout is deterministic.
 */
final class CaptionsWriter {
    private final SparkSession spark;
    private final int shards;

    CaptionsWriter(SparkSession spark, int shards) {
        this.spark = spark;
        this.shards = shards;
    }

    /**
     * Writes {@code split} of {@code decoded} (rows of {@link CaptionsSchema#DECODED}) to {@code dir} and checks that
     * the files hold {@code expected} rows.
     */
    void write(Dataset<Row> decoded, Split split, Broadcast<JavaSerialized<TextPipeline>> pipeline, String dir, long expected) {
        Column[] columns = Arrays.stream(CaptionsSchema.decodedV1Columns()).map(c -> col(c)).toArray(Column[]::new);
        decoded.filter(col(CaptionsSchema.SPLIT).equalTo(split.code()).and(col(CaptionsSchema.STATUS).equalTo(0)))
                .select(columns)
                .mapPartitions(new EncodeCaptionsFn(pipeline), Encoders.row(CaptionsSchema.V1))
                .repartition(shards, col(CaptionsSchema.IMAGE))
                .sortWithinPartitions(CaptionsSchema.IMAGE)
                .write()
                .parquet(dir);
        long written = spark.read().schema(CaptionsSchema.V1).parquet(dir).count();
        if (written != expected) {
            throw new PrepException("internal error: " + dir + " holds " + written + " rows, expected " + expected);
        }
    }
}
