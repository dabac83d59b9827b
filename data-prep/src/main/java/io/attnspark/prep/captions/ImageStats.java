package io.attnspark.prep.captions;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

/**
 * What the executors found, collected from the decoded rows: images and captions per split and status, the first
 * skipped images of each reason (by name), and the digest of every image file read.
 */
final class ImageStats {
    private final List<Row> groups;
    private final List<Row> skipped;
    private final long filesRead;
    private final long bytesRead;
    private final String listingSha256;

    private ImageStats(List<Row> groups, List<Row> skipped, long filesRead, long bytesRead, String listingSha256) {
        this.groups = groups;
        this.skipped = skipped;
        this.filesRead = filesRead;
        this.bytesRead = bytesRead;
        this.listingSha256 = listingSha256;
    }

    /** Runs the Spark jobs over {@code decoded} (rows of {@link CaptionsSchema#DECODED}; cache it first). */
    static ImageStats of(Dataset<Row> decoded, int maxListed) {
        List<Row> groups = decoded.groupBy(CaptionsSchema.SPLIT, CaptionsSchema.STATUS)
                .agg(count(lit(1)), sum(size(col(CaptionsSchema.CAPTIONS))))
                .collectAsList();
        List<Row> skipped = maxListed == 0 ? List.of() : decoded.filter(col(CaptionsSchema.STATUS).notEqual(0))
                .withColumn("rank", row_number().over(Window.partitionBy(CaptionsSchema.STATUS).orderBy(CaptionsSchema.IMAGE)))
                .filter(col("rank").leq(maxListed))
                .select(CaptionsSchema.STATUS, CaptionsSchema.IMAGE, CaptionsSchema.DETAIL)
                .orderBy(CaptionsSchema.STATUS, CaptionsSchema.IMAGE)
                .collectAsList();
        MessageDigest digest = sha256();
        long files = 0;
        long bytes = 0;
        Iterator<Row> read = decoded.filter(col(CaptionsSchema.SHA256).isNotNull())
                .select(CaptionsSchema.IMAGE, CaptionsSchema.SHA256, CaptionsSchema.FILE_BYTES)
                .orderBy(CaptionsSchema.IMAGE)
                .toLocalIterator();
        while (read.hasNext()) {
            Row r = read.next();
            digest.update((r.getString(0) + "\t" + r.getString(1) + "\n").getBytes(StandardCharsets.UTF_8));
            files++;
            bytes += r.getLong(2);
        }
        return new ImageStats(groups, skipped, files, bytes, HexFormat.of().formatHex(digest.digest()));
    }

    /** Adds the counts and examples to the driver's. */
    void addTo(CaptionTally tally, SkipExamples examples) {
        for (Row g : groups) {
            int split = g.getInt(0);
            int status = g.getInt(1);
            long images = g.getLong(2);
            long captions = g.isNullAt(3) ? 0 : g.getLong(3);
            if (status == 0) {
                tally.written(split, images, captions);
            } else {
                tally.skippedImages(split, ImageSkip.ofCode(status), images, captions);
            }
        }
        for (Row s : skipped) {
            examples.image(ImageSkip.ofCode(s.getInt(0)), s.getString(1) + (s.isNullAt(2) ? "" : ": " + s.getString(2)));
        }
    }

    /** Image files read (whether or not they decoded). */
    long filesRead() {
        return filesRead;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** SHA-256 of the lines {@code name<TAB>sha256\n} of every file read, sorted by name. */
    String listingSha256() {
        return listingSha256;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
