package io.attnspark.prep;

import io.attnspark.prep.encode.FilterReason;
import io.attnspark.prep.encode.PreparedSchema;
import io.attnspark.prep.output.PrepManifest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.Map;

/** Pairs per split and filter reason, counted on Spark from the encoded rows. */
final class SplitTally {
    /** [split code][reason code, 0 = kept]. */
    private final long[][] counts;

    private SplitTally(long[][] counts) {
        this.counts = counts;
    }

    static SplitTally of(Dataset<Row> encoded) {
        long[][] counts = new long[Split.values().length][FilterReason.values().length + 1];
        for (Row r : encoded.groupBy(PreparedSchema.SPLIT, PreparedSchema.REASON).count().collectAsList()) {
            counts[r.getInt(0)][r.getInt(1)] = r.getLong(2);
        }
        return new SplitTally(counts);
    }

    long out(Split split) {
        return counts[split.code()][FilterReason.KEPT];
    }

    long in(Split split) {
        long sum = 0;
        for (long c : counts[split.code()]) {
            sum += c;
        }
        return sum;
    }

    Map<String, PrepManifest.SplitCounts> toManifest(Map<Split, String> origins) {
        Map<String, PrepManifest.SplitCounts> out = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            Map<String, Long> filtered = new LinkedHashMap<>();
            for (FilterReason reason : FilterReason.values()) {
                filtered.put(reason.key(), counts[split.code()][reason.code()]);
            }
            out.put(split.dirName(), new PrepManifest.SplitCounts(split.dirName(), origins.get(split), in(split),
                    out(split), filtered));
        }
        return out;
    }
}
