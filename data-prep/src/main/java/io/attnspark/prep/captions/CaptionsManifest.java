package io.attnspark.prep.captions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnspark.prep.CodeVersion;
import io.attnspark.prep.PrepException;
import io.attnspark.prep.output.AtomicOutput;
import io.attnspark.prep.output.PrepManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of prepared captions: what went in, what came out (per split and skip reason), and
 * everything needed to redo it. JSON keys are snake_case.
 *
 * @param schemaVersion   {@link #SCHEMA_VERSION} of the Parquet rows and of this file
 * @param kind            {@link #KIND}, so a reader of prepared text refuses it and the other way round
 * @param createdAt       ISO-8601 instant the run finished
 * @param code            code version that wrote it
 * @param captionFormat   the format the caption file was read as ({@link CaptionFormat#key()})
 * @param image           the shape of every stored image
 * @param inputs          the caption file, the split lists and the images, with sizes and SHA-256
 * @param images          images over all splits ({@code in = out + sum(skipped)})
 * @param captions        caption records over all splits
 * @param splits          {@code train}, {@code valid}, {@code test}: directory, origin and counts
 * @param skippedExamples the first {@code captions.max-listed} names (or caption records) per skip reason
 * @param vocab           the caption vocabulary file
 * @param config          the resolved configuration: {@code seed} and {@code captions}
 * @param timingsMs       wall time of each stage, in order
 * @param sparkVersion    Spark version that ran the job
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CaptionsManifest(int schemaVersion, String kind, String createdAt, CodeVersion code, String captionFormat,
                               ImageShape image, List<Input> inputs, Counts images, Counts captions,
                               Map<String, SplitCounts> splits, Examples skippedExamples, PrepManifest.Artifact vocab,
                               Map<String, Object> config, Map<String, Long> timingsMs, String sparkVersion) {

    /** Version of the Parquet row schema ({@link CaptionsSchema#V1}) and of this file. */
    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "captions";
    public static final String FILE = "manifest.json";

    /** Every stored image is {@code height x width x channels} bytes. */
    public record ImageShape(int height, int width, int channels) {
    }

    /**
     * One input.
     *
     * @param role    {@code captions}, {@code train-list}, {@code valid-list}, {@code test-list} or {@code images}
     * @param path    fully qualified path (the directory for {@code images})
     * @param bytes   size in bytes (for {@code images}: the files read)
     * @param sha256  SHA-256 of the file; for {@code images}, of the lines {@code name<TAB>sha256\n} of every image
     *                file read, sorted by name
     * @param records caption records, list entries (non-blank lines), or image files read
     */
    public record Input(String role, String path, long bytes, String sha256, long records) {
    }

    /**
     * Counts of images or caption records: {@code in == out + sum(skipped)}.
     *
     * @param skipped by reason ({@link ImageSkip#key()} or {@link CaptionSkip#key()}), every reason present
     */
    public record Counts(long in, long out, Map<String, Long> skipped) {
    }

    /**
     * One split.
     *
     * @param path   directory of its Parquet files, relative to the prepared directory
     * @param origin {@code list} (its own list file), {@code rest} (train without a train list: the images in no
     *               other list), {@code hash} (carved by a hash of the image name) or {@code none} (empty: a train
     *               list was given and this split has no list)
     */
    public record SplitCounts(String path, String origin, Counts images, Counts captions) {
    }

    /** Examples of skipped images (by image reason) and caption records (malformed, empty). */
    public record Examples(Map<String, List<String>> images, Map<String, List<String>> captions) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes this manifest into {@code out}. */
    void write(AtomicOutput out) {
        Path p = out.path(FILE);
        try (OutputStream o = out.fileSystem().create(p, false)) {
            MAPPER.writeValue(o, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    /**
     * Reads {@code dir/manifest.json}.
     *
     * @throws PrepException if it is missing or not a captions manifest
     */
    public static CaptionsManifest read(Configuration conf, String dir) {
        Path p = new Path(dir, FILE);
        CaptionsManifest m;
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            m = MAPPER.readValue(in, CaptionsManifest.class);
        } catch (FileNotFoundException e) {
            throw new PrepException(dir + " is not prepared captions: " + FILE + " is missing", e);
        } catch (IOException e) {
            throw new PrepException("cannot read " + p + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (!KIND.equals(m.kind())) {
            throw new PrepException(p + " describes " + (m.kind() == null ? "prepared text" : "'" + m.kind() + "'")
                    + ", not prepared captions");
        }
        return m;
    }
}
