package io.attnspark.prep;

import io.attnspark.config.ConfigError;
import io.attnspark.prep.encode.EncodeFn;
import io.attnspark.prep.encode.PairFilter;
import io.attnspark.prep.encode.PreparedSchema;
import io.attnspark.prep.input.CorpusInputs;
import io.attnspark.prep.input.PairMaker;
import io.attnspark.prep.output.AtomicOutput;
import io.attnspark.prep.output.PrepManifest;
import io.attnspark.prep.output.SplitWriter;
import io.attnspark.prep.vocab.VocabularyLearner;
import io.attnspark.text.TextNormalizer;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Tokenizer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

import java.time.Instant;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

/**
 * The engine of {@code bin/attnspark prep-text}: a parallel corpus in, versioned Parquet shards with
 * vocabularies and a manifest out. Stages:
 * <ol>
 *   <li>resolve the inputs, then claim the output directory (refused if it exists, unless overwrite);</li>
 *   <li>scan every input on Spark (line counts, strict UTF-8, TSV columns) and hash it on the driver;</li>
 *   <li>read aligned pairs by line number, normalise, assign splits; mark exact duplicates in train
 *       (the pair with the smallest line number stays);</li>
 *   <li>learn the vocabularies (and BPE codes) from the non-duplicate training pairs, on Spark;</li>
 *   <li>encode, filter, count per split and reason; write Parquet, vocabularies, codes and the manifest into a
 *       temporary sibling directory, then move it into place.</li>
 * </ol>
 * Nothing is collected to the driver but counts, vocabulary candidates and (for BPE) the word counts.
 */
public final class TextPrepJob {
    public static final String VOCAB_SRC = "vocab.src.txt";
    public static final String VOCAB_TGT = "vocab.tgt.txt";
    public static final String BPE_JOINT = "bpe.codes";
    public static final String BPE_SRC = "bpe.src.codes";
    public static final String BPE_TGT = "bpe.tgt.codes";

    private TextPrepJob() {
    }

    /**
     * Prepares the corpus described by {@code request}.
     *
     * @return the manifest written to {@code outDir/manifest.json}
     * @throws PrepException with a one-line message on any failure; nothing is left at {@code outDir} (an existing
     *                       directory is untouched)
     * @throws ConfigError   for an invalid configuration
     */
    public static PrepManifest run(SparkSession spark, TextPrepRequest request) {
        try {
            return runOrThrow(spark, request);
        } catch (PrepException | ConfigError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PrepException("prep-text failed: " + Failures.oneLine(e), e);
        }
    }

    private static PrepManifest runOrThrow(SparkSession spark, TextPrepRequest request) {
        StageTimer timer = new StageTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        PrepConfig config = request.config();
        try (CorpusInputs inputs = timer.time("resolve-inputs", () -> CorpusInputs.resolve(request, sc.hadoopConfiguration(), timer));
             AtomicOutput out = AtomicOutput.begin(sc.hadoopConfiguration(), request.outDir(), request.overwrite())) {
            inputs.scan(sc);

            TextNormalizer normalizer = config.text().normalizer();
            Dataset<Row> pairs = markDuplicates(spark.createDataFrame(
                    spread(sc, inputs.pairs(sc, normalizer::normalize, config), config), PairMaker.SCHEMA), config);
            pairs.persist(StorageLevel.MEMORY_AND_DISK());
            try {
                timer.time("read-normalise", () -> pairs.count());
                Tokenizer tokenizer = new Tokenizer();
                JavaRDD<Row> train = pairs.filter(col(PreparedSchema.SPLIT).equalTo(Split.TRAIN.code())
                        .and(col(PreparedSchema.DUPLICATE).equalTo(false))).javaRDD();
                VocabularyLearner.Learned learned = VocabularyLearner.learn(sc, train, tokenizer, settings(config), timer);
                TextPipeline srcPipeline = new TextPipeline(normalizer, tokenizer, learned.srcBpe(), learned.src());
                TextPipeline tgtPipeline = new TextPipeline(normalizer, tokenizer, learned.tgtBpe(), learned.tgt());

                Broadcast<JavaSerialized<TextPipeline>> src = sc.broadcast(JavaSerialized.of(srcPipeline));
                Broadcast<JavaSerialized<TextPipeline>> tgt = sc.broadcast(JavaSerialized.of(tgtPipeline));
                Dataset<Row> encoded = pairs.mapPartitions(new EncodeFn(src, tgt, new PairFilter(config.filter(), config.bucketWidth())),
                        Encoders.row(PreparedSchema.ENCODED));
                encoded.persist(StorageLevel.MEMORY_AND_DISK());
                try {
                    SplitTally tally = timer.time("encode-filter-count", () -> SplitTally.of(encoded));
                    pairs.unpersist(false);
                    SplitWriter writer = new SplitWriter(spark, config.shards());
                    for (Split split : Split.values()) {
                        timer.time("write-" + split.dirName(), () -> writer.write(encoded, split,
                                out.path(split.dirName()).toString(), tally.out(split)));
                    }
                    PrepManifest manifest = timer.time("write-vocabulary-manifest", () -> {
                        ArtifactFiles files = ArtifactFiles.write(out, learned, config.text().joint(), config.text().vocabType());
                        return new PrepManifest(PrepManifest.SCHEMA_VERSION, null, CodeVersion.current(),
                                request.srcLang(), request.tgtLang(), inputs.manifestEntries(), tally.toManifest(inputs.origins()),
                                files.vocab(), files.bpe(), config.toMap(), null, spark.version());
                    });
                    timer.time("commit", () -> {
                        PrepManifest complete = withTimings(manifest, timer.millis());
                        ManifestIo.write(out, complete);
                    });
                    out.commit();
                    return ManifestIo.read(sc.hadoopConfiguration(), out.target().toString());
                } finally {
                    encoded.unpersist(false);
                    src.destroy();
                    tgt.destroy();
                }
            } finally {
                pairs.unpersist(false);
            }
        }
    }

    private static PrepManifest withTimings(PrepManifest m, Map<String, Long> timings) {
        return new PrepManifest(m.schemaVersion(), Instant.now().toString(), m.code(), m.srcLang(), m.tgtLang(),
                m.inputs(), m.splits(), m.vocab(), m.bpe(), m.config(), timings, m.sparkVersion());
    }

    /** Few partitions (single gzip files) and no duplicate shuffle to spread them: spread them over the cores. */
    private static JavaRDD<Row> spread(JavaSparkContext sc, JavaRDD<Row> pairs, PrepConfig config) {
        if (!config.filter().dropDuplicates() && pairs.getNumPartitions() < sc.defaultParallelism()) {
            return pairs.repartition(sc.defaultParallelism());
        }
        return pairs;
    }

    /** Adds the boolean {@code duplicate}: a training pair equal to one with a smaller line number. */
    static Dataset<Row> markDuplicates(Dataset<Row> pairs, PrepConfig config) {
        if (!config.filter().dropDuplicates()) {
            return pairs.withColumn(PreparedSchema.DUPLICATE, lit(false));
        }
        WindowSpec samePair = Window.partitionBy(col(PreparedSchema.SPLIT), col(PreparedSchema.SRC), col(PreparedSchema.TGT))
                .orderBy(col(PreparedSchema.ID));
        return pairs.withColumn(PreparedSchema.DUPLICATE,
                col(PreparedSchema.SPLIT).equalTo(Split.TRAIN.code()).and(row_number().over(samePair).gt(1)));
    }

    private static VocabularyLearner.Settings settings(PrepConfig c) {
        return new VocabularyLearner.Settings(c.text().bpe(), c.text().joint(), c.text().minCount(),
                c.text().maxSize(), c.text().bpeMerges());
    }
}
