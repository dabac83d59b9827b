package io.attnspark.prep.captions;

import io.attnspark.config.ConfigError;
import io.attnspark.prep.CodeVersion;
import io.attnspark.prep.Failures;
import io.attnspark.prep.JavaSerialized;
import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;
import io.attnspark.prep.StageTimer;
import io.attnspark.prep.input.WholeTextFile;
import io.attnspark.prep.output.AtomicOutput;
import io.attnspark.prep.output.PrepManifest;
import io.attnspark.prep.vocab.VocabularyLearner;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Tokenizer;
import io.attnspark.text.Vocabulary;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/**
 * The engine of {@code bin/attnspark prep-captions}: a captioned image collection in, versioned Parquet shards
 * (pixels next to caption ids) with a vocabulary and a manifest out. Stages:
 * <ol>
 *   <li>read the caption file and the split lists on the driver (strict UTF-8; hashed), check the image
 *       directory, then claim the output directory (refused if it exists, unless overwrite);</li>
 *   <li>parse the captions ({@link CaptionFormat}), assign splits, refuse unsafe names, normalise captions
 *       ({@link CaptionCatalog});</li>
 *   <li>read, decode, centre-crop and resize every image in Spark tasks ({@link DecodeImagesFn}); a missing,
 *       unreadable, too large or corrupt image is counted, never fatal;</li>
 *   <li>learn the word vocabulary on Spark from the captions of the training images that were kept;</li>
 *   <li>encode the captions, write each split as Parquet, the vocabulary and the manifest into a temporary
 *       sibling directory, then move it into place.</li>
 * </ol>
 *
 * <p>Scale: the caption file is parsed on the driver (Flickr30k's 160k and COCO's 600k captions are tens of MB);
 * only the image work, which dominates, is distributed. For collections whose captions do not fit in driver
 * memory the Flickr8k and CSV formats could be read with {@code textFile} and grouped by image on Spark instead.
 * The decoded images are cached (memory, spilling to disk) between counting and writing.
 */
public final class CaptionPrepJob {
    public static final String VOCAB = "vocab.txt";
    /** Images per Spark task, at most (more tasks when there are more cores). */
    static final int IMAGES_PER_TASK = 200;

    private CaptionPrepJob() {
    }

    /**
     * Prepares the collection described by {@code request}.
     *
     * @return the manifest written to {@code outDir/manifest.json}
     * @throws PrepException with a one-line message on any failure; nothing is left at {@code outDir} (an existing
     *                       directory is untouched)
     * @throws ConfigError   for an invalid configuration
     */
    public static CaptionsManifest run(SparkSession spark, CaptionPrepRequest request) {
        try {
            return runOrThrow(spark, request);
        } catch (PrepException | ConfigError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PrepException("prep-captions failed: " + Failures.oneLine(e), e);
        }
    }

    private static CaptionsManifest runOrThrow(SparkSession spark, CaptionPrepRequest request) {
        StageTimer timer = new StageTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        CaptionsConfig config = request.config();

        String imageDir = timer.time("resolve-inputs", () -> imageDirectory(hadoop, request.images()));
        WholeTextFile captionFile = timer.time("read-captions", () -> WholeTextFile.read(hadoop, request.captions(), "captions"));
        SplitLists lists = timer.time("read-lists", () -> SplitLists.read(hadoop, request));
        CaptionFormat format = CaptionFormat.resolve(config.format(), captionFile.path(), captionFile.text());

        try (AtomicOutput out = AtomicOutput.begin(hadoop, request.outDir(), request.overwrite())) {
            CaptionTally tally = new CaptionTally();
            SkipExamples examples = new SkipExamples(config.maxListed());
            CaptionCatalog catalog = timer.time("parse-assign", () -> CaptionCatalog.build(
                    format.parse(captionFile.text(), captionFile.path(), config.maxListed()), lists, request.seed(), config, tally, examples));

            Broadcast<SerializableConfiguration> hadoopConf = sc.broadcast(new SerializableConfiguration(hadoop));
            Dataset<Row> decoded = decode(spark, sc, catalog.tasks(), hadoopConf, imageDir, config);
            decoded.persist(StorageLevel.MEMORY_AND_DISK());
            Broadcast<JavaSerialized<TextPipeline>> pipeline = null;
            try {
                ImageStats stats = timer.time("decode-images", () -> ImageStats.of(decoded, config.maxListed()));
                stats.addTo(tally, examples);
                tally.check();
                if (tally.imagesOut(Split.TRAIN) == 0) {
                    throw new PrepException("no training image left: " + summary(tally.imageCounts(Split.TRAIN.code()))
                            + "; nothing written");
                }
                JavaRDD<String> trainCaptions = decoded
                        .filter(col(CaptionsSchema.SPLIT).equalTo(Split.TRAIN.code()).and(col(CaptionsSchema.STATUS).equalTo(0)))
                        .select(explode(col(CaptionsSchema.CAPTIONS))).as(Encoders.STRING()).javaRDD();
                Tokenizer tokenizer = new Tokenizer();
                Vocabulary vocab = VocabularyLearner.learnWords(trainCaptions, tokenizer, config.minCount(), config.maxSize(), timer);
                TextPipeline text = new TextPipeline(config.normalizer(), tokenizer, null, vocab);
                pipeline = sc.broadcast(JavaSerialized.of(text));

                CaptionsWriter writer = new CaptionsWriter(spark, config.shards());
                for (Split split : Split.values()) {
                    Broadcast<JavaSerialized<TextPipeline>> p = pipeline;
                    timer.time("write-" + split.dirName(), () -> writer.write(decoded, split, p,
                            out.path(split.dirName()).toString(), tally.imagesOut(split)));
                }
                CaptionsManifest manifest = timer.time("write-vocabulary-manifest", () -> {
                    PrepManifest.Artifact vocabFile = writeVocabulary(out, vocab);
                    List<CaptionsManifest.Input> inputs = new ArrayList<>();
                    inputs.add(new CaptionsManifest.Input("captions", captionFile.path(), captionFile.bytes(),
                            captionFile.sha256(), tally.totalCaptions().in()));
                    inputs.addAll(lists.manifestEntries());
                    inputs.add(new CaptionsManifest.Input("images", imageDir, stats.bytesRead(), stats.listingSha256(),
                            stats.filesRead()));
                    return new CaptionsManifest(CaptionsManifest.SCHEMA_VERSION, CaptionsManifest.KIND, null,
                            CodeVersion.current(), format.key(),
                            new CaptionsManifest.ImageShape(config.imageSize(), config.imageSize(), DecodeImagesFn.CHANNELS),
                            inputs, tally.totalImages(), tally.totalCaptions(), splits(tally, catalog),
                            examples.toManifest(), vocabFile, configMap(request), null, spark.version());
                });
                timer.time("commit", () -> withTimings(manifest, timer.millis()).write(out));
                out.commit();
                return CaptionsManifest.read(hadoop, out.target().toString());
            } finally {
                decoded.unpersist(false);
                hadoopConf.destroy();
                if (pipeline != null) {
                    pipeline.destroy();
                }
            }
        }
    }

    /** The images, read and decoded on the executors: rows of {@link CaptionsSchema#DECODED}. */
    private static Dataset<Row> decode(SparkSession spark, JavaSparkContext sc, List<ImageTask> tasks,
                                       Broadcast<SerializableConfiguration> hadoop, String imageDir, CaptionsConfig config) {
        int slices = Math.max(sc.defaultParallelism(), (tasks.size() + IMAGES_PER_TASK - 1) / IMAGES_PER_TASK);
        JavaRDD<Row> rows = sc.parallelize(tasks, Math.max(1, slices)).mapPartitions(
                new DecodeImagesFn(hadoop, imageDir, config.imageSize(), config.maxSourcePixels()));
        return spark.createDataFrame(rows, CaptionsSchema.DECODED);
    }

    /** The qualified image directory. @throws PrepException if it is missing or not a directory */
    private static String imageDirectory(Configuration conf, String dir) {
        Path p = new Path(dir);
        try {
            FileStatus status = p.getFileSystem(conf).getFileStatus(p);
            if (!status.isDirectory()) {
                throw new PrepException("image directory " + status.getPath() + " is not a directory");
            }
            return status.getPath().toString();
        } catch (FileNotFoundException e) {
            throw new PrepException("image directory not found: " + dir, e);
        } catch (IOException e) {
            throw new PrepException("cannot look up image directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, CaptionsManifest.SplitCounts> splits(CaptionTally tally, CaptionCatalog catalog) {
        Map<String, CaptionsManifest.SplitCounts> out = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            out.put(split.dirName(), new CaptionsManifest.SplitCounts(split.dirName(), catalog.origins().get(split),
                    tally.imageCounts(split.code()), tally.captionCounts(split.code())));
        }
        return out;
    }

    private static Map<String, Object> configMap(CaptionPrepRequest request) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", request.seed());
        root.put("captions", request.config().toMap());
        return root;
    }

    private static PrepManifest.Artifact writeVocabulary(AtomicOutput out, Vocabulary v) {
        try (OutputStream o = out.fileSystem().create(out.path(VOCAB), false)) {
            v.write(o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.path(VOCAB), e);
        }
        return new PrepManifest.Artifact(VOCAB, v.size(), v.sha256());
    }

    private static CaptionsManifest withTimings(CaptionsManifest m, Map<String, Long> timings) {
        return new CaptionsManifest(m.schemaVersion(), m.kind(), Instant.now().toString(), m.code(), m.captionFormat(),
                m.image(), m.inputs(), m.images(), m.captions(), m.splits(), m.skippedExamples(), m.vocab(), m.config(),
                timings, m.sparkVersion());
    }

    /** {@code "0 of 3 images kept (2 missing, 1 corrupt)"}. */
    static String summary(CaptionsManifest.Counts c) {
        StringBuilder sb = new StringBuilder().append(c.out()).append(" of ").append(c.in()).append(" images kept");
        List<String> reasons = new ArrayList<>();
        c.skipped().forEach((reason, n) -> {
            if (n > 0) {
                reasons.add(n + " " + reason);
            }
        });
        if (!reasons.isEmpty()) {
            sb.append(" (").append(String.join(", ", reasons)).append(')');
        }
        return sb.toString();
    }
}
