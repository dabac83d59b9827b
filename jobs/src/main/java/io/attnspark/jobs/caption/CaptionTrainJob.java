package io.attnspark.jobs.caption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.report.TrainingReport;
import io.attnspark.jobs.spark.SparkSettings;
import io.attnspark.jobs.train.AveragingPlan;
import io.attnspark.jobs.train.Checkpoint;
import io.attnspark.jobs.train.SparkTrainer;
import io.attnspark.jobs.train.TrainRequest;
import io.attnspark.nn.caption.CaptionConfig;
import io.attnspark.nn.caption.CaptionModel;
import io.attnspark.prep.CodeVersion;
import io.attnspark.prep.Split;
import io.attnspark.prep.captions.CaptionedImage;
import io.attnspark.prep.captions.CaptionsManifest;
import io.attnspark.prep.captions.PreparedCaptions;
import io.attnspark.train.TrainConfig;
import io.attnspark.train.TrainingControl;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code attnspark train} for captioned images (prep-captions output, or {@code model.type = caption}): the Show,
 * Attend and Tell captioner trained with parameter averaging by the same {@link SparkTrainer} as the text models;
 * after every epoch the validation cross-entropy per token and greedy BLEU-1..4 against all references, the
 * checkpoint ({@code model.zip}, {@code best.zip} for the best epoch by {@code train.select-by}), {@code metrics.jsonl},
 * {@code model.json} and {@code report.html} with attention heatmaps of validation images.
 */
public final class CaptionTrainJob {
    /** Validation images whose attention report.html shows. */
    private static final int REPORT_IMAGES = 3;
    /** The metrics.jsonl key of the greedy validation BLEU-4, which {@code train.select-by = bleu} maximises. */
    private static final String BLEU4_KEY = "valid_bleu4_greedy";

    private CaptionTrainJob() {
    }

    /** Whether {@code data} holds prep-captions output (its manifest's kind is captions). */
    public static boolean isCaptions(Path data, Configuration hadoop) throws IOException {
        Path manifest = new Path(data, CaptionsManifest.FILE);
        FileSystem fs = manifest.getFileSystem(hadoop);
        if (!fs.exists(manifest)) {
            return false;
        }
        try (FSDataInputStream in = fs.open(manifest)) {
            JsonNode kind = new ObjectMapper().readTree(in).get("kind");
            return kind != null && CaptionsManifest.KIND.equals(kind.asText());
        }
    }

    /** Trains into {@code request.out()}, printing a line per epoch to {@code progress}; returns the trained graph. */
    public static ComputationGraph train(SparkSession spark, TrainRequest request, PrintStream progress) throws Exception {
        AttnsparkConfig config = request.context().config();
        CaptionConfig model = CaptionConfig.fromConfig(config.section("model.caption"));
        TrainConfig train = TrainConfig.fromConfig(config.section("train"));
        SparkSettings settings = SparkSettings.from(config);
        long seed = config.config().getLong("seed");
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        if (!isCaptions(request.data(), hadoop)) {
            throw new CommandFailure(request.data() + " is not prep-captions output (model.type=caption needs captioned "
                    + "images prepared by prep-captions)");
        }
        PreparedCaptions data = PreparedCaptions.open(request.data().toString(), hadoop);
        int size = data.imageSize();
        model.gridSide(size);
        ModelDir dir = new ModelDir(request.out(), hadoop);
        Checkpoint resumed = request.resume() ? Checkpoint.ofCaptions(dir, data, train.epochs()) : null;
        if (resumed == null) {
            dir.copyText(request.data());
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        int perImage = model.captionsPerImage();
        CaptionBatchesFn toBatches = new CaptionBatchesFn(train.batchSize(), perImage, size, model.steps(), seed);
        JavaRDD<CaptionedImage> images = data.images(spark, Split.TRAIN);
        if (images.getNumPartitions() != settings.workers()) {
            // one partition per worker: the averaging rounds then never reshuffle their minibatches (images)
            images = images.repartition(settings.workers());
        }
        List<long[]> perPartition = images.mapPartitions(new CaptionCountFn(perImage)).collect();
        long examples = perPartition.stream().mapToLong(n -> n[0]).sum();
        long padded = perPartition.stream().mapToLong(n -> CaptionBatchesFn.padded(n[1], train.batchSize())).sum();
        if (examples == 0) {
            throw new CommandFailure(request.data() + " has no training captions");
        }
        JavaRDD<MultiDataSet> batches = images.mapPartitionsWithIndex(toBatches, false);
        progress.printf(Locale.ROOT, "train: %d captions of %d images in %d minibatches of %d%s, %d repeated to fill "
                        + "%sthe last minibatch of each partition, %d workers, captions cut at %d words%n",
                examples, data.size(Split.TRAIN), padded / train.batchSize(), train.batchSize(),
                perImage == 1 ? "" : String.format(Locale.ROOT, " (%d images x %d captions)",
                        train.batchSize() / perImage, perImage),
                padded - examples, perImage == 1 ? "" : "groups and ", settings.workers(), model.maxLength());
        List<CaptionedImage> valid = data.images(spark, Split.VALID).take(Math.max(train.bleuSentences(), 0));
        CaptionValidation validation = new CaptionValidation(valid, data.pipeline(), model.maxLength(),
                train.batchSize());

        ComputationGraph graph = resumed != null ? resumed.model()
                : CaptionModel.newGraph(CaptionModel.configuration(model, size, data.vocabulary().size(), seed,
                train.updater(), train.gradientClip(), DataType.FLOAT));
        TrainingControl control = resumed != null ? resumed.control(dir, train, BLEU4_KEY)
                : TrainingControl.start(train);
        if (resumed != null) {
            resumed.announce(progress, dir, train.epochs(), control);
        }
        int firstEpoch = resumed != null ? resumed.epochsDone() + 1 : 1;
        // minibatches of images are cached as objects: deserializing one INDArray value by value every epoch cost
        // half of a training step (JFR, Flickr8k at 128 px)
        AveragingPlan averaging = AveragingPlan.of(settings, train.batchSize(), seed)
                .withStorage(StorageLevel.MEMORY_ONLY());
        int grid = size >> model.channels().size();
        long trainStart = System.nanoTime();
        return new SparkTrainer(sc, averaging, progress).fit(graph, batches, firstEpoch, train.epochs(),
                (report, current) -> {
            double validLoss = validation.loss(current);
            List<Hypothesis> greedy = validation.isEmpty() ? List.of() : validation.greedy(current);
            double[] bleu = validation.bleu(greedy);
            double elapsed = (System.nanoTime() - trainStart) / 1e9;
            double lr = Checkpoint.learningRate(current);
            TrainingControl.Decision decision = control.afterEpoch(validLoss,
                    validation.isEmpty() ? Double.NaN : bleu[3], report.seconds(), elapsed,
                    train.epochs() - report.epoch());
            progress.printf(Locale.ROOT, "train: %s  valid loss %.4f (ppl %.2f)  valid BLEU-1..4 %.1f/%.1f/%.1f/%.1f"
                            + "  lr %.3g%s%n", report.progressLine(), validLoss, Math.exp(validLoss), bleu[0], bleu[1],
                    bleu[2], bleu[3], lr, decision.improved() ? "  (best)" : "");
            if (decision.learningRateChanged()) {
                // before the checkpoint is written, so that it holds the learning rate of the next epoch
                current.setLearningRate(decision.learningRate());
                progress.printf(Locale.ROOT, "train: learning rate %.3g -> %.3g%n", lr, decision.learningRate());
            }
            dir.saveModel(current);
            if (train.keepEpochs() > 0) {
                dir.saveEpoch(current, report.epoch(), train.keepEpochs());
            }
            if (decision.improved() || validation.isEmpty()) {
                dir.saveBest(current);
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("epoch", report.epoch());
            metrics.put("train_loss", report.loss());
            metrics.put("valid_loss", validLoss);
            metrics.put("valid_ppl", Math.exp(validLoss));
            if (!validation.isEmpty()) {
                for (int n = 1; n <= 4; n++) {
                    metrics.put(n == 4 ? BLEU4_KEY : "valid_bleu" + n + "_greedy", bleu[n - 1]);
                }
            }
            metrics.put("learning_rate", lr);
            metrics.put("best", decision.improved());
            metrics.put("seconds", report.seconds());
            metrics.put("train_tokens_per_s", report.tokensPerSecond());
            metrics.put("elapsed_seconds", elapsed);
            dir.appendMetrics(metrics);
            dir.saveProvenance(provenance(request, data, model, seed, report.epoch(), metrics));
            dir.writeReport(TrainingReport.html("attnspark captioning report: " + dir.dir(), dir.metrics(),
                    validation.alignments(greedy, grid, grid, REPORT_IMAGES),
                    validation.attentionMaps(greedy, grid, REPORT_IMAGES)));
            if (decision.stop() && report.epoch() < train.epochs()) {
                progress.println("train: stopping after epoch " + report.epoch() + ": " + decision.reason());
            }
            return !decision.stop();
        });
    }

    private static Map<String, Object> provenance(TrainRequest request, PreparedCaptions data, CaptionConfig model,
                                                  long seed, int epoch, Map<String, Object> metrics) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("format_version", ModelDir.FORMAT_VERSION);
        p.put("model_type", CaptionConfig.TYPE);
        CodeVersion code = CodeVersion.current();
        p.put("code_version", code.version());
        p.put("git_commit", code.gitCommit());
        p.put("data", data.dir());
        p.put("vocab", Map.of("size", data.vocabulary().size(), "sha256", data.vocabulary().sha256()));
        p.put("image_size", data.imageSize());
        p.put("seed", seed);
        p.put("epoch", epoch);
        p.put("metrics", metrics);
        p.put("config", ModelDir.CONFIG);
        p.put("updated_at", Instant.now().toString());
        p.put("model", model.toString());
        return p;
    }
}
