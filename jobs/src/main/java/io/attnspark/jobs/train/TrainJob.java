package io.attnspark.jobs.train;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.report.TrainingReport;
import io.attnspark.jobs.spark.SparkSettings;
import io.attnspark.nn.ModelChoice;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.prep.CodeVersion;
import io.attnspark.prep.EncodedPair;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.Split;
import io.attnspark.train.TrainConfig;
import io.attnspark.train.TrainingControl;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.nn.TokenPair;
import io.attnspark.prep.encode.PreparedSchema;
import org.apache.spark.sql.Row;
import java.util.ArrayList;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Spark training behind {@code attnspark train}: prepared corpus in, model directory out. */
public final class TrainJob {
    /** Validation sentences whose attention report.html shows. */
    private static final int REPORT_SENTENCES = 3;
    /** The metrics.jsonl key of the greedy validation BLEU, which {@code train.select-by = bleu} maximises. */
    private static final String BLEU_KEY = "valid_bleu_greedy";

    private TrainJob() {
    }

    /** Trains a model into {@code request.out()}; throws on failure. */
    public static void run(TrainRequest request) throws Exception {
        SparkSession spark = request.context().startSpark();
        try {
                train(spark, request, System.out);
        } finally {
            spark.stop();
        }
    }

    /**
     * Trains on an existing session, printing one progress line per epoch to {@code progress}; returns the
     * trained graph (also saved in the model directory).
     */
    public static ComputationGraph train(SparkSession spark, TrainRequest request, PrintStream progress) throws Exception {
        AttnsparkConfig config = request.context().config();
        if (io.attnspark.nn.caption.CaptionConfig.TYPE.equals(config.config().getString("model.type"))
                || io.attnspark.jobs.caption.CaptionTrainJob.isCaptions(request.data(),
                spark.sparkContext().hadoopConfiguration())) {
            return io.attnspark.jobs.caption.CaptionTrainJob.train(spark, request, progress);
        }
        ModelChoice modelConfig = ModelChoice.fromConfig(config.section("model"));
        TrainConfig train = TrainConfig.fromConfig(config.section("train"));
        SparkSettings settings = SparkSettings.from(config);
        long seed = config.config().getLong("seed");

        PreparedCorpus corpus = PreparedCorpus.open(request.data().toString(),
                spark.sparkContext().hadoopConfiguration());
        if (modelConfig.tiedEmbeddings().source()
                && !corpus.srcVocabulary().sha256().equals(corpus.tgtVocabulary().sha256())) {
            throw new CommandFailure(modelConfig.tiedEmbeddingsKey() + "=all needs one vocabulary for both sides, but "
                    + request.data() + " has separate source (" + corpus.srcVocabulary().size() + " entries) and target ("
                    + corpus.tgtVocabulary().size() + ") vocabularies; prepare it with data.vocab.joint = true");
        }
        ModelDir dir = new ModelDir(request.out(), spark.sparkContext().hadoopConfiguration());
        Checkpoint resumed = request.resume() ? Checkpoint.of(dir, corpus, train.epochs()) : null;
        if (resumed == null) {
            dir.copyText(request.data());
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        MinibatchPlan plan = MinibatchPlan.of(sc, corpus.pairs(spark, Split.TRAIN), train);
        if (train.batchTokens() > 0) {
            progress.printf(Locale.ROOT, "train: %d pairs in %d minibatches of at most %d padded tokens and %d pairs "
                            + "(%.1f pairs on average; %d skipped: target longer than train.max-target-length=%d), "
                            + "%d workers%n", plan.pairs(), plan.count(), train.batchTokens(), train.batchSize(),
                    plan.pairs() / (double) plan.count(), plan.tooLong(), train.maxTargetLength(), settings.workers());
        } else {
            progress.printf(Locale.ROOT, "train: %d pairs in %d minibatches of %d (%d skipped: target longer than "
                            + "train.max-target-length=%d; %d repeated to fill the last minibatch), %d workers%n",
                    plan.pairs(), plan.count(), train.batchSize(), plan.tooLong(), train.maxTargetLength(),
                    plan.repeated(), settings.workers());
        }
        Validation validation = validation(sc, spark, corpus, train, settings.workers());
        DecodeConfig decode = DecodeConfig.fromConfig(config.section("decode"));

        ComputationGraph model = resumed != null ? resumed.model()
                : RnnAttentionModel.newGraph(modelConfig.configuration(train,
                corpus.srcVocabulary().size(), corpus.tgtVocabulary().size(), seed));
        int firstEpoch = resumed != null ? resumed.epochsDone() + 1 : 1;
        TrainingControl control = resumed != null ? resumed.control(dir, train, BLEU_KEY)
                : TrainingControl.start(train);
        if (resumed != null) {
            resumed.announce(progress, dir, train.epochs(), control);
        }
        AveragingPlan averaging = AveragingPlan.of(settings, train.batchSize(), seed);
        long trainStart = System.nanoTime();
        try {
        return new SparkTrainer(sc, averaging, progress).fit(model, plan.batches(), firstEpoch, train.epochs(),
                (report, current) -> {
                    Validation.Result valid = validation.evaluate(current, decode);
                    double validLoss = valid.loss();
                    double bleu = valid.bleu();
                    double elapsed = (System.nanoTime() - trainStart) / 1e9;
                    double lr = currentLearningRate(current, train, report.epoch());
                    TrainingControl.Decision decision = control.afterEpoch(validLoss, bleu, report.seconds(),
                            elapsed, train.epochs() - report.epoch());
                    progress.printf(Locale.ROOT, "train: %s  valid loss %.4f (ppl %.2f)%s  lr %.3g%s%n",
                            report.progressLine(), validLoss, Math.exp(validLoss),
                            Double.isNaN(bleu) ? "" : String.format(Locale.ROOT, "  valid BLEU %.2f", bleu), lr,
                            decision.improved() ? "  (best)" : "");
                    if (decision.learningRateChanged()) {
                        // before the checkpoint is written, so that it holds the next epoch's rate
                        current.setLearningRate(decision.learningRate());
                        progress.printf(Locale.ROOT, "train: learning rate %.3g -> %.3g (no better validation "
                                + "loss for %d epochs, train.schedule.patience=%d)%n", lr, decision.learningRate(),
                                train.decayPatience(), train.decayPatience());
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
                    if (!Double.isNaN(bleu)) {
                        metrics.put(BLEU_KEY, bleu);
                    }
                    metrics.put("learning_rate", lr);
                    metrics.put("best", decision.improved());
                    metrics.put("seconds", report.seconds());
                    metrics.put("train_tokens_per_s", report.tokensPerSecond());
                    metrics.put("elapsed_seconds", elapsed);
                    dir.appendMetrics(metrics);
                    dir.saveProvenance(provenance(request, corpus, modelConfig, seed, report.epoch(), metrics));
                    dir.writeReport(TrainingReport.html("attnspark training report: " + dir.dir(), dir.metrics(),
                            valid.alignments()));
                    if (decision.stop() && report.epoch() < train.epochs()) {
                        progress.println("train: stopping after epoch " + report.epoch() + ": " + decision.reason());
                    }
                    return !decision.stop();
                });
        } finally {
            validation.close();
        }
    }

    private static Validation validation(JavaSparkContext sc, SparkSession spark, PreparedCorpus corpus,
                                         TrainConfig train, int partitions) {
        List<Row> rows = corpus.load(spark, Split.VALID)
                .select(PreparedSchema.ID, PreparedSchema.TGT, PreparedSchema.SRC_IDS, PreparedSchema.TGT_IDS)
                .orderBy(PreparedSchema.ID).collectAsList();
        List<TokenPair> pairs = new ArrayList<>(rows.size());
        List<String> references = new ArrayList<>();
        for (Row r : rows) {
            pairs.add(new TokenPair(ints(r.getList(2)), ints(r.getList(3))));
            if (references.size() < train.bleuSentences()) {
                references.add(r.getString(1));
            }
        }
        return new Validation(sc, partitions, pairs, references, corpus.srcPipeline(), corpus.tgtPipeline(),
                train.batchSize(), REPORT_SENTENCES);
    }

    private static int[] ints(List<Object> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).intValue();
        }
        return out;
    }

    /** The learning rate the updater uses now (the schedule's value at the current iteration). */
    private static double currentLearningRate(ComputationGraph model, TrainConfig train, int epoch) {
        if (train.schedule() == TrainConfig.Schedule.INVERSE_SQRT) {
            return train.updater().getLearningRate(model.getConfiguration().getIterationCount(), epoch);
        }
        return Checkpoint.learningRate(model);
    }

    private static Map<String, Object> provenance(TrainRequest request, PreparedCorpus corpus,
                                                  ModelChoice modelConfig, long seed, int epoch,
                                                  Map<String, Object> metrics) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("format_version", ModelDir.FORMAT_VERSION);
        p.put("model_type", modelConfig.type());
        CodeVersion code = CodeVersion.current();
        p.put("code_version", code.version());
        p.put("git_commit", code.gitCommit());
        p.put("data", corpus.dir());
        p.put("src_vocab", Map.of("size", corpus.srcVocabulary().size(), "sha256", corpus.srcVocabulary().sha256()));
        p.put("tgt_vocab", Map.of("size", corpus.tgtVocabulary().size(), "sha256", corpus.tgtVocabulary().sha256()));
        p.put("seed", seed);
        p.put("epoch", epoch);
        p.put("metrics", metrics);
        p.put("config", ModelDir.CONFIG);
        p.put("updated_at", Instant.now().toString());
        p.put("model", modelConfig.describe());
        return p;
    }
}
