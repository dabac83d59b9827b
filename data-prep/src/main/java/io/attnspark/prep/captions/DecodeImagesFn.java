package io.attnspark.prep.captions;

import io.attnspark.prep.output.FileDigest;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * Reads, decodes, centre-crops and resizes the images of a partition of {@link ImageTask}s on an executor, one
 * row of {@link CaptionsSchema#DECODED} per task. A missing, unreadable, too large or undecodable image becomes a
 * row with that status and a detail; it never fails the task.
 */
final class DecodeImagesFn implements FlatMapFunction<Iterator<ImageTask>, Row> {
    private static final long serialVersionUID = 1L;
    static final int CHANNELS = 3;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final String imageDir;
    private final int size;
    private final long maxSourcePixels;

    /**
     * @param imageDir fully qualified image directory
     * @param size     side of the output square
     */
    DecodeImagesFn(Broadcast<SerializableConfiguration> hadoop, String imageDir, int size, long maxSourcePixels) {
        this.hadoop = hadoop;
        this.imageDir = imageDir;
        this.size = size;
        this.maxSourcePixels = maxSourcePixels;
    }

    @Override
    public Iterator<Row> call(Iterator<ImageTask> tasks) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return tasks.hasNext();
            }

            @Override
            public Row next() {
                return decode(tasks.next());
            }
        };
    }

    Row decode(ImageTask task) {
        Path path = new Path(imageDir, task.image);
        byte[] bytes;
        try {
            FileSystem fs = path.getFileSystem(hadoop.value().value());
            FileStatus status;
            try {
                status = fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                return skipped(task, ImageSkip.MISSING, "no such file", 0, null);
            }
            if (!status.isFile()) {
                return skipped(task, ImageSkip.UNREADABLE, "not a file", 0, null);
            }
            if (status.getLen() > Integer.MAX_VALUE - 16) {
                return skipped(task, ImageSkip.TOO_LARGE, status.getLen() + " bytes", status.getLen(), null);
            }
            try (InputStream in = fs.open(path)) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            return skipped(task, ImageSkip.UNREADABLE, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()), 0, null);
        }
        String sha256 = FileDigest.sha256(bytes);
        ImageDecoder.Decoded image;
        try {
            image = ImageDecoder.decode(bytes, maxSourcePixels);
        } catch (ImageDecoder.Failure f) {
            return skipped(task, f.reason(), f.getMessage(), bytes.length, sha256);
        }
        byte[] pixels = CentreCropResize.apply(image.rgb(), image.width(), image.height(), size);
        return RowFactory.create(task.split, 0, null, (long) bytes.length, sha256, task.image, size, size, CHANNELS,
                pixels, image.height(), image.width(), task.captions);
    }

    private static Row skipped(ImageTask task, ImageSkip reason, String detail, long bytes, String sha256) {
        return RowFactory.create(task.split, reason.code(), detail, bytes, sha256, task.image, 0, 0, 0, null, 0, 0,
                task.captions);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
