package io.attnspark.jobs.train;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.spark.SparkSettings;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.prep.CodeVersion;
import io.attnspark.prep.EncodedPair;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.Split;
import io.attnspark.train.TrainConfig;
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
        RnnAttentionConfig modelConfig = RnnAttentionConfig.fromConfig(config.section("model"));
        TrainConfig train = TrainConfig.fromConfig(config.section("train"));
        SparkSettings settings = SparkSettings.from(config);
        long seed = config.config().getLong("seed");

        PreparedCorpus corpus = PreparedCorpus.open(request.data().toString(),
                spark.sparkContext().hadoopConfiguration());
        ModelDir dir = new ModelDir(request.out(), spark.sparkContext().hadoopConfiguration());
        Checkpoint resumed = request.resume() ? Checkpoint.of(dir, corpus, train.epochs()) : null;
        if (resumed == null) {
            dir.copyText(request.data());
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        MinibatchPlan plan = MinibatchPlan.of(sc, corpus.pairs(spark, Split.TRAIN), train.batchSize(),
                train.maxTargetLength());
        progress.printf(Locale.ROOT, "train: %d pairs in %d minibatches of %d (%d skipped: target longer than "
                        + "train.max-target-length=%d; %d repeated to fill the last minibatch), %d workers%n",
                plan.pairs(), plan.count(), train.batchSize(), plan.tooLong(), train.maxTargetLength(),
                plan.repeated(), settings.workers());
        List<EncodedPair> validPairs = corpus.pairs(spark, Split.VALID).collect();
        ValidationLoss validation = new ValidationLoss(validPairs, train.batchSize());

        ComputationGraph model = resumed != null ? resumed.model()
                : RnnAttentionModel.newGraph(RnnAttentionModel.configuration(modelConfig, train,
                corpus.srcVocabulary().size(), corpus.tgtVocabulary().size(), seed));
        int firstEpoch = resumed != null ? resumed.epochsDone() + 1 : 1;
        if (resumed != null) {
            progress.printf(Locale.ROOT, "train: resuming %s after epoch %d of %d%n", dir.dir(), resumed.epochsDone(),
                    train.epochs());
        }
        AveragingPlan averaging = new AveragingPlan(settings.workers(), train.batchSize(),
                settings.averagingFrequency(), settings.prefetchBatches(),
                settings.approach() == SparkSettings.Approach.DIRECT, seed);
        return new SparkTrainer(sc, averaging).fit(model, plan.batches(), firstEpoch, train.epochs(),
                (report, current) -> {
                    double validLoss = validation.perToken(current);
                    progress.printf(Locale.ROOT, "train: %s  valid loss %.4f (ppl %.2f)%n",
                            report.progressLine(), validLoss, Math.exp(validLoss));
                    dir.saveModel(current);
                    Map<String, Object> metrics = new LinkedHashMap<>();
                    metrics.put("epoch", report.epoch());
                    metrics.put("train_loss", report.loss());
                    metrics.put("valid_loss", validLoss);
                    metrics.put("valid_ppl", Math.exp(validLoss));
                    metrics.put("seconds", report.seconds());
                    metrics.put("train_tokens_per_s", report.tokensPerSecond());
                    dir.appendMetrics(metrics);
                    dir.saveProvenance(provenance(request, corpus, modelConfig, seed, report.epoch(), metrics));
                });
    }

    private static Map<String, Object> provenance(TrainRequest request, PreparedCorpus corpus,
                                                  RnnAttentionConfig modelConfig, long seed, int epoch,
                                                  Map<String, Object> metrics) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("format_version", ModelDir.FORMAT_VERSION);
        p.put("model_type", RnnAttentionConfig.TYPE);
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
        p.put("model", modelConfig.toString());
        return p;
    }
}
