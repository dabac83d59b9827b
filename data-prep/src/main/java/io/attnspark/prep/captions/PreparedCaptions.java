package io.attnspark.prep.captions;

import com.typesafe.config.ConfigFactory;
import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;
import io.attnspark.prep.output.PrepManifest;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Tokenizer;
import io.attnspark.text.Vocabulary;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Captions written by {@link CaptionPrepJob}, opened for training and scoring. {@link #open} reads and checks
 * {@code manifest.json} (kind, schema version; the vocabulary against the size and SHA-256 the manifest recorded)
 * and rebuilds the exact {@link TextPipeline} prep used. The splits are read with Spark.
 */
public final class PreparedCaptions {
    private final String dir;
    private final CaptionsManifest manifest;
    private final CaptionsConfig config;
    private final TextPipeline pipeline;

    private PreparedCaptions(String dir, CaptionsManifest manifest, CaptionsConfig config, TextPipeline pipeline) {
        this.dir = dir;
        this.manifest = manifest;
        this.config = config;
        this.pipeline = pipeline;
    }

    /** Opens {@code dir} with a default Hadoop configuration (local files, or URIs whose file system needs no settings). */
    public static PreparedCaptions open(String dir) {
        return open(dir, new Configuration());
    }

    /** Opens {@code dir} with {@code conf}, e.g. {@code spark.sparkContext().hadoopConfiguration()}. */
    public static PreparedCaptions open(String dir, Configuration conf) {
        String qualified = qualify(dir, conf);
        String file = qualified + "/" + CaptionsManifest.FILE;
        CaptionsManifest m = CaptionsManifest.read(conf, qualified);
        if (m.schemaVersion() != CaptionsManifest.SCHEMA_VERSION) {
            throw new PrepException(file + ": schema version " + m.schemaVersion() + " is not supported (this code reads version "
                    + CaptionsManifest.SCHEMA_VERSION + ")");
        }
        if (m.vocab() == null || m.config() == null || m.splits() == null || m.image() == null) {
            throw new PrepException(file + " lacks its vocab, config, splits or image section");
        }
        CaptionsConfig config;
        try {
            config = CaptionsConfig.from(ConfigFactory.parseMap(m.config()));
        } catch (RuntimeException e) {
            throw new PrepException(file + ": config is invalid: " + e.getMessage(), e);
        }
        for (Split split : Split.values()) {
            if (!m.splits().containsKey(split.dirName())) {
                throw new PrepException(file + " lists no " + split.dirName() + " split");
            }
        }
        Vocabulary vocab = vocabulary(conf, qualified, m.vocab());
        return new PreparedCaptions(qualified, m, config, new TextPipeline(config.normalizer(), new Tokenizer(), null, vocab));
    }

    private static Vocabulary vocabulary(Configuration conf, String dir, PrepManifest.Artifact a) {
        Path p = new Path(dir, a.file());
        Vocabulary v;
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            v = Vocabulary.read(in, p.toString());
        } catch (IOException e) {
            throw new PrepException("cannot read vocabulary " + p + ": " + e.getMessage(), e);
        }
        if (!v.sha256().equals(a.sha256())) {
            throw new PrepException(p + ": vocabulary SHA-256 " + v.sha256() + " does not match the manifest's " + a.sha256()
                    + (v.size() != a.size() ? " (" + v.size() + " entries, manifest says " + a.size() + ")" : ""));
        }
        return v;
    }

    private static String qualify(String dir, Configuration conf) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(conf);
            return fs.makeQualified(p).toString();
        } catch (IOException | IllegalArgumentException e) {
            throw new PrepException("cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The fully qualified directory. */
    public String dir() {
        return dir;
    }

    public CaptionsManifest manifest() {
        return manifest;
    }

    /** The {@code captions} configuration prep ran with. */
    public CaptionsConfig config() {
        return config;
    }

    /** Caption text to ids and back, exactly as prep encoded the captions. */
    public TextPipeline pipeline() {
        return pipeline;
    }

    public Vocabulary vocabulary() {
        return pipeline.vocabulary();
    }

    /** Side of the square images, in pixels. */
    public int imageSize() {
        return manifest.image().height();
    }

    /** Channels per pixel (3: RGB). */
    public int channels() {
        return manifest.image().channels();
    }

    /** Images written for {@code split} (from the manifest). */
    public long size(Split split) {
        return manifest.splits().get(split.dirName()).images().out();
    }

    /** The directory of the Parquet files of {@code split}. */
    public String path(Split split) {
        return new Path(dir, manifest.splits().get(split.dirName()).path()).toString();
    }

    /**
     * The rows of {@code split} (schema version 1, see {@link CaptionsSchema#V1}).
     *
     * @throws PrepException if the files lack a column of schema version 1 or have it with another type
     */
    public Dataset<Row> load(SparkSession spark, Split split) {
        Dataset<Row> rows = spark.read().parquet(path(split));
        Map<String, StructField> actual = new java.util.HashMap<>();
        Arrays.stream(rows.schema().fields()).forEach(f -> actual.put(f.name(), f));
        for (StructField expected : CaptionsSchema.V1.fields()) {
            Optional<StructField> found = Optional.ofNullable(actual.get(expected.name()));
            if (found.isEmpty() || !found.get().dataType().simpleString().equals(expected.dataType().simpleString())) {
                throw new PrepException(path(split) + ": column " + expected.name() + " " + expected.dataType().simpleString()
                        + (found.isEmpty() ? " is missing" : " has type " + found.get().dataType().simpleString()));
            }
        }
        return rows;
    }

    /** The images of {@code split} with their pixels and caption ids. */
    public JavaRDD<CaptionedImage> images(SparkSession spark, Split split) {
        return load(spark, split).javaRDD().map(new ToCaptionedImageFn());
    }
}
