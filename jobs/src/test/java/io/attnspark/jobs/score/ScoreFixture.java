package io.attnspark.jobs.score;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Translator;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.prep.PrepTextJob;
import io.attnspark.jobs.prep.PrepTextRequest;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.TokenPair;
import io.attnspark.prep.EncodedPair;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.Split;
import io.attnspark.prep.synthetic.DateCorpusGenerator;
import io.attnspark.text.TextPipeline;
import io.attnspark.train.LocalTrainer;
import io.attnspark.train.TrainConfig;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scoring tests' shared world, built once: a local[2] session, a small synthetic date corpus prepared
 * on Spark (prep-text), and a tiny attention model trained on a few minibatches of it on one machine (the fastest
 * way to a real model directory: {@code model.zip} plus {@code text/}). Quality does not matter here; the
 * tests compare the Spark path with the library's {@link Translator} on the same model.
 */
final class ScoreFixture {
    /** Settings every test starts from: small decode batches and chunks, so partitions hold several of each. */
    static final List<String> SETTINGS = List.of("decode.beam=3", "decode.batch-size=8", "decode.max-length-ratio=1.5",
            "decode.max-length-offset=4", "score.chunk-size=16", "score.max-source-length=12",
            "spark.conf.\"spark.sql.shuffle.partitions\"=4", "model.embedding-size=16", "model.encoder.hidden-size=16",
            "model.decoder.hidden-size=24", "model.attentional-size=24", "model.dropout=0.0",
            "data.split.valid-fraction=0.05", "data.split.test-fraction=0.05", "data.shards=2");
    /** Training pairs of the fixture model: six minibatches, three epochs. A real model, not a good one. */
    private static final int TRAIN_PAIRS = 192;

    final java.nio.file.Path root;
    final java.nio.file.Path corpus;
    final Path prep;
    final Path model;
    final SparkSession spark;
    private final PreparedCorpus text;

    private ScoreFixture(java.nio.file.Path root, java.nio.file.Path corpus, Path prep, Path model, SparkSession spark) {
        this.root = root;
        this.corpus = corpus;
        this.prep = prep;
        this.model = model;
        this.spark = spark;
        this.text = PreparedCorpus.open(new Path(model, ModelDir.TEXT).toString());
    }

    static ScoreFixture build(java.nio.file.Path root) throws IOException {
        JobContext context = context(List.of());
        java.nio.file.Path corpus = root.resolve("corpus");
        DateCorpusGenerator.write(corpus, 800, 0, 40, 11);
        SparkSession spark = context.startSpark();
        Path prep = new Path(root.resolve("prep").toUri());
        // Only the train files: prep carves valid and test by hash (data.split.*), two input files to scan, not six.
        PrepTextJob.prepare(spark, new PrepTextRequest(context, "src", "tgt",
                Optional.of(corpus.resolve("train").toString()), Optional.empty(), Optional.empty(), Optional.empty(),
                prep), quiet());

        PreparedCorpus prepared = PreparedCorpus.open(prep.toString());
        List<TokenPair> pairs = new ArrayList<>();
        for (EncodedPair p : prepared.pairs(spark, Split.TRAIN).collect()) {
            if (pairs.size() < TRAIN_PAIRS) {
                pairs.add(p.toTokenPair());
            }
        }
        AttnsparkConfig config = context.config();
        TrainConfig train = new TrainConfig(3, 32, 0.02, 5.0, 100);
        ComputationGraph graph = LocalTrainer.newGraph(RnnAttentionConfig.fromConfig(config.section("model")), train,
                prepared.srcVocabulary().size(), prepared.tgtVocabulary().size(), 5);
        LocalTrainer trainer = new LocalTrainer(train, 5);
        trainer.fit(graph, trainer.batches(pairs), stats -> { });
        Path model = new Path(root.resolve("model").toUri());
        ModelDir dir = new ModelDir(model, spark.sparkContext().hadoopConfiguration());
        dir.copyText(prep);
        dir.saveModel(graph);
        return new ScoreFixture(root, corpus, prep, model, spark);
    }

    /** The fixture settings, then {@code overrides}. */
    static JobContext context(List<String> overrides) {
        List<String> all = new ArrayList<>(SETTINGS);
        all.addAll(overrides);
        return new JobContext("score", AttnsparkConfig.defaults().withOverrides(all), Optional.empty(), false);
    }

    /** The library's translator on the model directory's graph, with the decode settings of {@code context}. */
    Translator translator(JobContext context) throws IOException {
        ComputationGraph graph = new ModelDir(model, spark.sparkContext().hadoopConfiguration()).loadModel();
        return new Translator(graph, DecodeConfig.fromConfig(context.config().section("decode")));
    }

    /** The model directory's source pipeline. */
    TextPipeline source() {
        return text.srcPipeline();
    }

    /** The model directory's target pipeline. */
    TextPipeline target() {
        return text.tgtPipeline();
    }

    static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
