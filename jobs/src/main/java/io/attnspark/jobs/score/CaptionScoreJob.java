package io.attnspark.jobs.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.model.ModelKind;
import io.attnspark.nn.caption.CaptionConfig;
import io.attnspark.nn.caption.CaptionModel;
import io.attnspark.nn.caption.CaptionStepDecoder;
import io.attnspark.prep.PrepException;
import io.attnspark.metrics.BleuStats;
import io.attnspark.metrics.MultiOrderBleu;
import io.attnspark.prep.captions.CaptionReferences;
import io.attnspark.prep.captions.PreparedCaptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * {@code attnspark score --mode caption}: captions a directory of images with a caption model on Spark. The
 * driver lists the file names only ({@link ImageListing}); executors read and decode the images exactly as
 * prep-captions does, caption them in batches with the model loaded once per executor task slot
 * ({@link ModelCache}) and write the attention maps when asked. Writes {@code OUT/results/} (Parquet,
 * {@link CaptionResultSchema}), {@code OUT/summary.json}, optionally {@code IMAGE<TAB>caption} lines in input
 * order, and prints a line per finished partition and one summary line.
 */
public final class CaptionScoreJob {
    private static final String TEXT_SCRATCH = ".text-out-parts";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CaptionScoreJob() {
    }

    /** Captions the request's images with its model or models into its output directory; throws on failure. */
    public static CaptionSummary run(CaptionScoreRequest request) throws IOException {
        check(request.models(), request.images());
        SparkSession spark = request.context().startSpark();
        try {
            return score(spark, request, System.out);
        } finally {
            spark.stop();
        }
    }

    /** Refuses, before anything is written, a model that is not a captioner and an input that is not a directory. */
    public static void check(Path model, Path images) throws IOException {
        check(List.of(model), images);
    }

    /** {@link #check(Path, Path)} for every model of an ensemble. */
    public static void check(List<Path> models, Path images) throws IOException {
        Configuration hadoop = new Configuration();
        for (Path model : models) {
            ModelKind kind = ModelKind.of(model, hadoop);
            if (!kind.caption()) {
                throw new CommandFailure("model " + model + " holds " + kind.describe() + "; --mode caption needs a "
                        + "caption model (model.type=caption, trained on prep-captions output)");
            }
        }
        if (!images.getFileSystem(hadoop).getFileStatus(images).isDirectory()) {
            throw new CommandFailure("--mode caption reads a directory of images (JPEG, PNG), not the file " + images);
        }
    }

    /** Captions on an existing session, printing progress and the summary line to {@code progress}. */
    public static CaptionSummary score(SparkSession spark, CaptionScoreRequest request, PrintStream progress)
            throws IOException {
        long start = System.nanoTime();
        check(request.models(), request.images());
        AttnsparkConfig config = request.context().config();
        DecodeConfig decode = DecodeConfig.fromConfig(config.section("decode"));
        ScoreSettings settings = ScoreSettings.fromConfig(config.section("score"));
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        List<Loaded> members = new ArrayList<>();
        for (Path p : request.models()) {
            members.add(load(p, hadoop));
        }
        Loaded model = members.get(0);
        checkEnsemble(request.models(), members);
        CaptionReferences references = null;
        if (request.references().isPresent()) {
            try {
                references = CaptionReferences.read(hadoop, request.references().get().toString(), model.data.config());
            } catch (PrepException e) {
                throw new CommandFailure("--references " + request.references().get() + ": " + e.getMessage(), e);
            }
        }
        List<String> names = ImageListing.list(request.images(), hadoop);
        List<ImageRef> refs = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            refs.add(new ImageRef(i, names.get(i)));
        }
        int partitions = Math.max(1, Math.min(names.size(), sc.defaultParallelism()));
        FileSystem inFs = request.images().getFileSystem(hadoop);
        String imageDir = inFs.makeQualified(request.images()).toString();
        String maps = request.attentionMaps()
                .map(m -> OutputPaths.qualified(m.toString()).toString()).orElse(null);
        CaptionOptions options = new CaptionOptions(imageDir, model.data.imageSize(),
                model.data.config().maxSourcePixels(), model.config.maxLength(),
                model.config.gridSide(model.data.imageSize()), maps, settings, decode);
        progress.printf(Locale.ROOT, "score: %,d images under %s in %d partitions; mode caption, %s, batches of %d, "
                        + "%s %s%n", names.size(), request.images(), partitions,
                decode.beam() == 1 ? "greedy" : "beam " + decode.beam(), decode.batchSize(),
                members.size() == 1 ? "model" : "ensemble of " + members.size() + " models",
                request.models().stream().map(Path::toString).collect(java.util.stream.Collectors.joining(" + ")));

        if (maps != null) {
            Path m = new Path(maps);
            m.getFileSystem(hadoop).mkdirs(m);
        }
        Broadcast<List<ModelPayload>> payload = sc.broadcast(
                new ArrayList<>(members.stream().map(Loaded::payload).toList()));
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(hadoop));
        LongAccumulator counter = sc.sc().longAccumulator("caption images");
        JavaRDD<Row> rows = sc.parallelize(refs, partitions)
                .mapPartitions(new CaptionPartitionFn(payload, conf, options, counter));
        Path results = new Path(request.out(), ScoreJob.RESULTS);
        ScoreProgress listener = new ScoreProgress(progress, counter, names.size(), partitions);
        spark.sparkContext().addSparkListener(listener);
        long decodeStart = System.nanoTime();
        try {
            spark.createDataFrame(rows, CaptionResultSchema.SCHEMA).write().parquet(results.toString());
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        double decodeSeconds = (System.nanoTime() - decodeStart) / 1e9;

        long ok = 0;
        long errors = 0;
        long words = 0;
        for (Row r : spark.read().parquet(results.toString()).groupBy(col(CaptionResultSchema.STATUS))
                .agg(count(lit(1)), sum(col(CaptionResultSchema.WORDS))).collectAsList()) {
            if (ScoreStatus.OK.label().equals(r.getString(0))) {
                ok = r.getLong(1);
                words = r.isNullAt(2) ? 0 : r.getLong(2);
            } else {
                errors += r.getLong(1);
            }
        }
        if (ok + errors != names.size()) {
            throw new CommandFailure("wrote " + (ok + errors) + " results for " + names.size() + " images to " + results
                    + ": the input changed while it was read?");
        }
        if (request.textOut().isPresent()) {
            TextOut.write(spark, spark.read().parquet(results.toString())
                    .select(col(CaptionResultSchema.ID), col(CaptionResultSchema.IMAGE), col(CaptionResultSchema.STATUS),
                            col(CaptionResultSchema.CAPTION))
                    .javaRDD().mapToPair(new CaptionTextLineFn()), request.textOut().get(),
                    new Path(request.out(), TEXT_SCRATCH));
        }
        payload.destroy();
        conf.destroy();
        Map<String, Object> context = provenance(spark, request, members, decode, partitions);
        if (references != null) {
            context.put("references", bleu(spark, results, references, request.references().get(), progress));
        }
        CaptionSummary summary = new CaptionSummary(names.size(), ok, errors, words, decodeSeconds,
                (System.nanoTime() - start) / 1e9);
        OutputPaths.writeText(request.out(), ScoreJob.SUMMARY,
                JSON.writeValueAsString(summary.toJson(context)) + "\n");
        progress.println(summary.line());
        return summary;
    }

    /**
     * Corpus BLEU-1..4 of the captions of the images that have references (collected on the driver: one caption
     * per image), printed as one line; returns the figures for summary.json. Images without references and images
     * that could not be captioned are counted, not scored.
     */
    private static Map<String, Object> bleu(SparkSession spark, Path results, CaptionReferences references,
                                            Path file, PrintStream progress) {
        List<String> hyps = new ArrayList<>();
        List<List<String>> refs = new ArrayList<>();
        long unreferenced = 0;
        long failed = 0;
        for (Row r : spark.read().parquet(results.toString())
                .select(col(CaptionResultSchema.IMAGE), col(CaptionResultSchema.STATUS), col(CaptionResultSchema.CAPTION))
                .collectAsList()) {
            List<String> mine = references.of(r.getString(0));
            if (mine.isEmpty()) {
                unreferenced++;
            } else if (!ScoreStatus.OK.label().equals(r.getString(1))) {
                failed++;
            } else {
                hyps.add(r.getString(2));
                refs.add(mine);
            }
        }
        BleuStats stats = MultiOrderBleu.stats(hyps, refs);
        double[] bleu = hyps.isEmpty() ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}
                : MultiOrderBleu.scores(stats);
        double brevity = MultiOrderBleu.brevityPenalty(stats);
        double ratio = MultiOrderBleu.lengthRatio(stats);
        long referenceCount = refs.stream().mapToLong(List::size).sum();
        progress.printf(Locale.ROOT, "score: BLEU-1..4 %.2f / %.2f / %.2f / %.2f over %,d images with %,d references "
                        + "(%s); %,d images had no reference, %,d with references could not be captioned; brevity "
                        + "penalty %.3f (length ratio %.3f: %,d caption words, %,d in the closest references)%n",
                bleu[0], bleu[1], bleu[2], bleu[3], hyps.size(), referenceCount, file, unreferenced, failed, brevity,
                ratio, stats.hypLength(), stats.refLength());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("images_scored", hyps.size());
        m.put("reference_captions", referenceCount);
        m.put("images_without_references", unreferenced);
        m.put("images_failed", failed);
        m.put("file_records", references.records());
        m.put("file_malformed", references.malformed());
        m.put("file_empty", references.empty());
        for (int n = 1; n <= 4; n++) {
            m.put("bleu" + n, hyps.isEmpty() ? null : bleu[n - 1]);
        }
        m.put("brevity_penalty", hyps.isEmpty() ? null : brevity);
        m.put("length_ratio", hyps.isEmpty() ? null : ratio);
        m.put("caption_words", stats.hypLength());
        m.put("closest_reference_words", stats.refLength());
        return m;
    }

    /** A caption model directory as the job needs it. */
    private record Loaded(PreparedCaptions data, CaptionConfig config, ModelPayload payload) {
    }

    /**
     * Refuses an ensemble whose models were not trained on one prep-captions output: the vocabulary, the image size
     * and the attention grid must be the first model's. Captions are cut at the first model's maximum length.
     */
    private static void checkEnsemble(List<Path> paths, List<Loaded> members) {
        Loaded first = members.get(0);
        int firstGrid = first.config.gridSide(first.data.imageSize());
        for (int m = 1; m < members.size(); m++) {
            Loaded other = members.get(m);
            String prefix = "model " + paths.get(m) + " cannot join an ensemble with " + paths.get(0) + ": ";
            if (!other.data.vocabulary().equals(first.data.vocabulary())) {
                throw new CommandFailure(prefix + "its caption vocabulary (" + other.data.vocabulary().size()
                        + " words) is not the same as the first model's (" + first.data.vocabulary().size()
                        + " words); train the models of an ensemble on one prep-captions output");
            }
            if (other.data.imageSize() != first.data.imageSize()) {
                throw new CommandFailure(prefix + "it takes " + other.data.imageSize() + "-px images, the first model "
                        + first.data.imageSize() + "-px images");
            }
            int grid = other.config.gridSide(other.data.imageSize());
            if (grid != firstGrid) {
                throw new CommandFailure(prefix + "it attends over a " + grid + "x" + grid + " grid, the first model over "
                        + firstGrid + "x" + firstGrid
                        + ": its encoder has another number of blocks (model.caption.encoder.channels)");
            }
        }
    }

    /** Reads and checks the model directory: its graph, caption pipeline, image size and caption length. */
    private static Loaded load(Path dirPath, Configuration hadoop) throws IOException {
        ModelDir dir = new ModelDir(dirPath, hadoop);
        PreparedCaptions data;
        CaptionConfig config;
        ComputationGraph graph;
        try {
            data = dir.captions();
            config = CaptionConfig.fromConfig(dir.config().section("model.caption"));
            graph = dir.loadForDecoding();
        } catch (PrepException | IOException | IllegalArgumentException e) {
            throw new CommandFailure("model " + dirPath + ": " + e.getMessage(), e);
        }
        if (graph.getLayer(CaptionModel.DECODER) == null) {
            throw new CommandFailure("model " + dirPath + ": " + ModelDir.MODEL + " has no layer '"
                    + CaptionModel.DECODER + "': not a caption model written by train");
        }
        int vocab = new CaptionStepDecoder(graph).vocabSize();
        if (vocab != data.vocabulary().size()) {
            throw new CommandFailure("model " + dirPath + ": the decoder has " + vocab + " output words but "
                    + ModelDir.TEXT + "/ holds a caption vocabulary of " + data.vocabulary().size());
        }
        return new Loaded(data, config, ModelPayload.of(graph, data.pipeline(), data.pipeline()));
    }

    /** What ran on what: model, input, settings, code and Spark versions. */
    private static Map<String, Object> provenance(SparkSession spark, CaptionScoreRequest request,
                                                  List<Loaded> members, DecodeConfig decode, int partitions) {
        Loaded model = members.get(0);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mode", "caption");
        p.put("input", request.images().toString());
        p.put("partitions", partitions);
        p.put("beam", decode.beam());
        p.put("batch_size", decode.batchSize());
        p.put("image_size", model.data.imageSize());
        p.put("max_caption_words", model.config.maxLength());
        p.put("model", request.models().get(0).toString());
        p.put("model_sha256", model.payload.key());
        if (members.size() > 1) {
            List<Map<String, Object>> ensemble = new ArrayList<>();
            for (int m = 0; m < members.size(); m++) {
                ensemble.add(Map.of("model", request.models().get(m).toString(),
                        "model_sha256", members.get(m).payload.key()));
            }
            p.put("ensemble", ensemble);
        }
        p.put("results", new Path(request.out(), ScoreJob.RESULTS).toString());
        request.textOut().ifPresent(t -> p.put("text_out", t.toString()));
        request.attentionMaps().ifPresent(m -> p.put("attention_maps", m.toString()));
        ScoreJob.putRun(p, request.context().config(), spark);
        return p;
    }
}
