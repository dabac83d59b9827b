package io.attnspark.jobs.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.model.ModelKind;
import io.attnspark.jobs.score.ScoreRequest.Mode;
import io.attnspark.jobs.score.ScoreSettings.InputFormat;
import io.attnspark.metrics.BleuResult;
import io.attnspark.metrics.ChrfResult;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.prep.CodeVersion;
import io.attnspark.prep.PrepException;
import io.attnspark.prep.PreparedCorpus;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;

/**
 * Batch translation and forced scoring on Spark behind {@code attnspark score}. The input is streamed
 * partition by partition and chunk by chunk ({@link ScorePartitionFn}); nothing but counts and metric
 * statistics reaches the driver. The model is broadcast once and deserialized once per executor task slot
 * ({@link ModelCache}). Writes {@code OUT/results/} (Parquet, {@link ResultSchema}), {@code OUT/summary.json}
 * and optionally the text file; prints a line per finished partition and one summary line.
 */
public final class ScoreJob {
    /** The Parquet results under --out. */
    public static final String RESULTS = "results";
    /** The figures of the run under --out. */
    public static final String SUMMARY = "summary.json";
    private static final String TEXT_SCRATCH = ".text-out-parts";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScoreJob() {
    }

    /** Scores {@code request.input()} with {@code request.model()} into {@code request.out()}; throws on failure. */
    public static ScoreSummary run(ScoreRequest request) throws IOException {
        check(request.context(), request.input(), request.mode(), request.nbest(), request.alignments());
        SparkSession spark = request.context().startSpark();
        try {
            return score(spark, request, System.out);
        } finally {
            spark.stop();
        }
    }

    /**
     * Refuses, before anything is written, what the job cannot do: caption mode (that is {@link CaptionScoreJob}), {@code nbest} above the
     * beam, alignments in score mode, an input that is neither text, TSV nor prepared data, and score mode
     * on plain text (it needs targets).
     */
    public static void check(JobContext context, Path input, Mode mode, int nbest, boolean alignments) {
        if (mode == Mode.CAPTION) {
            throw new CommandFailure("--mode caption reads a directory of images: it runs as CaptionScoreJob, not here");
        }
        DecodeConfig decode = DecodeConfig.fromConfig(context.config().section("decode"));
        if (nbest > decode.beam()) {
            throw new CommandFailure("--nbest " + nbest + " exceeds the beam width " + decode.beam() + " (decode.beam)");
        }
        if (mode == Mode.SCORE && alignments) {
            throw new CommandFailure("--alignments applies to --mode translate (forced scoring keeps no attention)");
        }
        ScoreSettings settings = ScoreSettings.fromConfig(context.config().section("score"));
        InputFormat format = ScoreInputs.detect(input, settings.inputFormat(), new Configuration());
        if (mode == Mode.SCORE && format == InputFormat.TEXT) {
            throw new CommandFailure("--mode score needs targets: give a TSV of source<TAB>target lines (name ending"
                    + " .tsv or .tsv.gz, or score.input-format=tsv) or prepared data, not plain text " + input);
        }
    }

    /**
     * Refuses a model directory that holds a captioner ({@code mode} translate or score need a translation model).
     */
    public static void checkModel(Path model, Mode mode) throws IOException {
        ModelKind kind = ModelKind.of(model, new Configuration());
        if (kind.caption() && mode != Mode.CAPTION) {
            throw new CommandFailure("model " + model + " holds " + kind.describe() + "; --mode "
                    + mode.name().toLowerCase(Locale.ROOT) + " needs a translation model ("
                    + io.attnspark.nn.RnnAttentionConfig.TYPE + " or " + io.attnspark.nn.transformer.TransformerConfig.TYPE
                    + "): use --mode caption with a directory of images");
        }
    }

    /** Scores on an existing session, printing progress and the summary line to {@code progress}. */
    public static ScoreSummary score(SparkSession spark, ScoreRequest request, PrintStream progress) throws IOException {
        long start = System.nanoTime();
        JobContext context = request.context();
        check(context, request.input(), request.mode(), request.nbest(), request.alignments());
        AttnsparkConfig config = context.config();
        DecodeConfig decode = DecodeConfig.fromConfig(config.section("decode"));
        ScoreSettings settings = ScoreSettings.fromConfig(config.section("score"));
        boolean forced = request.mode() == Mode.SCORE;
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        checkModel(request.model(), request.mode());
        ModelPayload payload = payload(request.model(), hadoop);
        Broadcast<ModelPayload> model = sc.broadcast(payload);
        InputFormat format = ScoreInputs.detect(request.input(), settings.inputFormat(), hadoop);
        ScoreInputs inputs = ScoreInputs.open(spark, request.input(), format, settings.split());
        progress.printf(Locale.ROOT, "score: %s input %s%s: %,d records in %d partitions; mode %s, %s, model %s%n",
                format.configName(), request.input(),
                format == InputFormat.PREPARED ? " (split " + settings.split().dirName() + ")" : "",
                inputs.count(), inputs.partitions(), request.mode().name().toLowerCase(Locale.ROOT),
                forced ? "forced decoding" : decode.beam() == 1 ? "greedy" : "beam " + decode.beam() + ", nbest "
                        + request.nbest(), request.model());

        LongAccumulator counter = sc.sc().longAccumulator("score records");
        ScoreOptions options = new ScoreOptions(forced, forced ? 1 : request.nbest(), request.alignments(), settings,
                decode);
        JavaRDD<Row> rows = inputs.records().mapPartitions(new ScorePartitionFn(model, options, counter));
        Path results = new Path(request.out(), RESULTS);
        ScoreProgress listener = new ScoreProgress(progress, counter, inputs.count(), rows.getNumPartitions());
        spark.sparkContext().addSparkListener(listener);
        long decodeStart = System.nanoTime();
        try {
            spark.createDataFrame(rows, ResultSchema.SCHEMA).write().parquet(results.toString());
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        double decodeSeconds = (System.nanoTime() - decodeStart) / 1e9;

        boolean metrics = !forced && inputs.hasTargets();
        ScoreTally tally = spark.read().parquet(results.toString())
                .select(col(ResultSchema.STATUS), col(ResultSchema.SRC_TOKENS), col(ResultSchema.OUT_TOKENS),
                        col(ResultSchema.HYPOTHESES), col(ResultSchema.REFERENCE))
                .javaRDD().mapPartitions(new TallyFn(metrics)).fold(new ScoreTally(metrics), new MergeTallyFn());
        if (tally.records() != inputs.count()) {
            throw new CommandFailure("wrote " + tally.records() + " results for " + inputs.count() + " input records to "
                    + results + ": the input changed while it was read?");
        }
        if (request.textOut().isPresent()) {
            TextOut.write(spark, results, forced, request.textOut().get(), new Path(request.out(), TEXT_SCRATCH));
        }
        model.destroy();

        Optional<BleuResult> bleu = metrics ? Optional.of(tally.bleu().result()) : Optional.empty();
        Optional<ChrfResult> chrf = metrics ? Optional.of(tally.chrf().result()) : Optional.empty();
        ScoreSummary summary = new ScoreSummary(forced, tally, decodeSeconds, (System.nanoTime() - start) / 1e9,
                bleu, chrf);
        Map<String, Object> about = provenance(spark, request, payload, format, settings, inputs, results);
        OutputPaths.writeText(request.out(), SUMMARY, JSON.writeValueAsString(summary.toJson(about)) + "\n");
        progress.println(summary.line());
        return summary;
    }

    /** Reads and checks the model directory and packs what executors need. */
    private static ModelPayload payload(Path dirPath, Configuration hadoop) throws IOException {
        ModelDir dir = new ModelDir(dirPath, hadoop);
        PreparedCorpus text;
        ComputationGraph graph;
        try {
            text = dir.text();
            graph = dir.loadForDecoding();
        } catch (PrepException | IOException e) {
            throw new CommandFailure("model " + dirPath + ": " + e.getMessage(), e);
        }
        checkVocabulary(dirPath, graph, RnnAttentionModel.SRC_EMB, "source", text.srcVocabulary().size());
        checkVocabulary(dirPath, graph, RnnAttentionModel.TGT_EMB, "target", text.tgtVocabulary().size());
        return ModelPayload.of(graph, text.srcPipeline(), text.tgtPipeline());
    }

    private static void checkVocabulary(Path dir, ComputationGraph graph, String layer, String side, int expected) {
        long size;
        try {
            size = io.attnspark.nn.TiedEmbeddingVertex.table(graph, layer).size(0);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandFailure("model " + dir + ": " + ModelDir.MODEL + " has no embedding '" + layer
                    + "': score needs a model written by train (" + io.attnspark.nn.RnnAttentionConfig.TYPE + " or "
                    + io.attnspark.nn.transformer.TransformerConfig.TYPE + ")");
        }
        if (size != expected) {
            throw new CommandFailure("model " + dir + ": the " + side + " embedding has " + size + " rows but "
                    + ModelDir.TEXT + "/ holds a " + side + " vocabulary of " + expected);
        }
    }

    /** What ran on what: model, input, settings, code and Spark versions. */
    private static Map<String, Object> provenance(SparkSession spark, ScoreRequest request, ModelPayload payload,
                                                  InputFormat format, ScoreSettings settings, ScoreInputs inputs,
                                                  Path results) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mode", request.mode().name().toLowerCase(Locale.ROOT));
        p.put("nbest", request.mode() == Mode.SCORE ? 1 : request.nbest());
        p.put("alignments", request.alignments());
        p.put("input", request.input().toString());
        p.put("input_format", format.configName());
        if (format == InputFormat.PREPARED) {
            p.put("split", settings.split().dirName());
        } else {
            p.put("input_bytes", request.input().getFileSystem(spark.sparkContext().hadoopConfiguration())
                    .getFileStatus(request.input()).getLen());
        }
        p.put("partitions", inputs.partitions());
        p.put("model", request.model().toString());
        p.put("model_sha256", payload.key());
        p.put("model_provenance", modelProvenance(request.model(), spark.sparkContext().hadoopConfiguration()));
        p.put("results", results.toString());
        request.textOut().ifPresent(t -> p.put("text_out", t.toString()));
        putRun(p, request.context().config(), spark);
        return p;
    }

    /**
     * The provenance every score run shares, appended to {@code p}: the decode and score settings with the seed,
     * the code version and git commit, Spark's version and master, and the time.
     */
    static void putRun(Map<String, Object> p, AttnsparkConfig config, SparkSession spark) {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("seed", config.config().getLong("seed"));
        conf.put("decode", config.config().getConfig("decode").root().unwrapped());
        conf.put("score", config.config().getConfig("score").root().unwrapped());
        p.put("config", conf);
        CodeVersion code = CodeVersion.current();
        p.put("code_version", code.version());
        p.put("git_commit", code.gitCommit());
        p.put("spark_version", spark.version());
        p.put("master", spark.sparkContext().master());
        p.put("created_at", Instant.now().toString());
    }

    /** model.json of the model directory, or an empty map if it has none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> modelProvenance(Path dir, Configuration hadoop) throws IOException {
        Path f = new Path(dir, ModelDir.PROVENANCE);
        FileSystem fs = f.getFileSystem(hadoop);
        if (!fs.exists(f)) {
            return Map.of();
        }
        try (InputStream in = fs.open(f)) {
            return JSON.readValue(in, Map.class);
        }
    }
}
