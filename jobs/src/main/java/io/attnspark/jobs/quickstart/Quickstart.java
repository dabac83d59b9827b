package io.attnspark.jobs.quickstart;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Translator;
import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.prep.PrepTextJob;
import io.attnspark.jobs.prep.PrepTextRequest;
import io.attnspark.jobs.train.TrainJob;
import io.attnspark.jobs.train.TrainRequest;
import io.attnspark.metrics.BleuResult;
import io.attnspark.metrics.BleuScore;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.synthetic.DateCorpusGenerator;
import io.attnspark.text.TextPipeline;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The end-to-end demonstration behind {@code attnspark quickstart}: generate a synthetic
 * date-normalisation corpus, prepare it on Spark, train the attention encoder-decoder with parameter
 * averaging, translate the held-out test split and score it with BLEU. Its last line of output is
 * {@code quickstart: BLEU=<score> ...}.
 */
public final class Quickstart {
    private Quickstart() {
    }

    /** Runs the whole pipeline into {@code request.out()}; throws on failure. */
    public static void run(QuickstartRequest request) throws Exception {
        if (request.task() == QuickstartRequest.Task.CAPTIONS) {
            if (request.out().toUri().getScheme() != null && !"file".equals(request.out().toUri().getScheme())) {
                throw new CommandFailure("quickstart writes to the local file system; --out " + request.out()
                        + " is not a local path");
            }
            io.attnspark.jobs.caption.CaptionQuickstart.run(request.context(), request.out());
            return;
        }
        long start = System.nanoTime();
        PrintStream out = System.out;
        JobContext context = request.context();
        if (request.out().toUri().getScheme() != null && !"file".equals(request.out().toUri().getScheme())) {
            throw new CommandFailure("quickstart writes to the local file system; --out " + request.out()
                    + " is not a local path");
        }
        java.nio.file.Path root = java.nio.file.Path.of(request.out().toUri());
        java.nio.file.Path corpus = generateCorpus(context, root, "quickstart", out);

        SparkSession spark = context.startSpark();
        double trainSeconds;
        ComputationGraph trained;
        Path prepDir = new Path(request.out(), "prep");
        Path modelDir = new Path(request.out(), "model");
        try {
            prepareCorpus(spark, context, corpus, prepDir, out);
            OutputPaths.writeText(modelDir, "resolved.conf", context.config().render());
            long trainStart = System.nanoTime();
            TrainJob.train(spark, new TrainRequest(context, prepDir, modelDir, false), out);
            trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            // decode with the model train keeps for decoding (best.zip: the best epoch by train.select-by), as score
            // does, not with the last epoch's graph
            trained = new io.attnspark.jobs.model.ModelDir(modelDir, spark.sparkContext().hadoopConfiguration())
                    .loadForDecoding();
        } finally {
            spark.stop();
        }

        PreparedCorpus text = PreparedCorpus.open(prepDir.toString());
        List<String> sources = Files.readAllLines(corpus.resolve("test.src"), StandardCharsets.UTF_8);
        List<String> references = Files.readAllLines(corpus.resolve("test.tgt"), StandardCharsets.UTF_8);
        List<String> hypotheses = translate(trained, text, sources,
                DecodeConfig.fromConfig(context.config().section("decode")));
        Files.write(root.resolve("test.hyp"), hypotheses, StandardCharsets.UTF_8);
        BleuResult bleu = BleuScore.corpus(hypotheses, List.of(references));
        int exact = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            exact += hypotheses.get(i).equals(references.get(i)) ? 1 : 0;
        }
        out.println("quickstart: " + bleu.format());
        out.printf(Locale.ROOT, "quickstart: BLEU=%.2f exact=%.1f%% test_pairs=%d train_seconds=%.0f "
                        + "total_seconds=%.0f out=%s%n", bleu.score(), 100.0 * exact / hypotheses.size(),
                hypotheses.size(), trainSeconds, (System.nanoTime() - start) / 1e9, root);
    }

    /**
     * Writes the synthetic date corpus of the {@code quickstart} section's sizes (and the config's seed) into
     * {@code root/corpus} ({@code train|valid|test.src|tgt}); returns that directory.
     */
    public static java.nio.file.Path generateCorpus(JobContext context, java.nio.file.Path root, String command,
                                                    PrintStream out) throws java.io.IOException {
        QuickstartSettings sizes = QuickstartSettings.fromConfig(context.config().section("quickstart"));
        long seed = context.config().config().getLong("seed");
        java.nio.file.Path corpus = root.resolve("corpus");
        DateCorpusGenerator.write(corpus, sizes.trainPairs(), sizes.validPairs(), sizes.testPairs(), seed);
        out.printf(Locale.ROOT, "%s: generated %,d / %,d / %,d train / valid / test pairs in %s%n", command,
                sizes.trainPairs(), sizes.validPairs(), sizes.testPairs(), corpus);
        return corpus;
    }

    /** Prepares a corpus {@link #generateCorpus} wrote into {@code prepDir}, as prep-text does. */
    public static void prepareCorpus(SparkSession spark, JobContext context, java.nio.file.Path corpus, Path prepDir,
                                     PrintStream out) {
        PrepTextJob.prepare(spark, new PrepTextRequest(context, "src", "tgt",
                Optional.of(corpus.resolve("train").toString()), Optional.of(corpus.resolve("valid").toString()),
                Optional.of(corpus.resolve("test").toString()), Optional.empty(), prepDir), out);
    }

    private static List<String> translate(ComputationGraph trained, PreparedCorpus text, List<String> sources,
                                          DecodeConfig decode) {
        TextPipeline src = text.srcPipeline();
        TextPipeline tgt = text.tgtPipeline();
        List<int[]> ids = new ArrayList<>(sources.size());
        for (String s : sources) {
            ids.add(src.encode(s));
        }
        List<String> hypotheses = new ArrayList<>(sources.size());
        for (int[] output : new Translator(trained, decode).translate(ids)) {
            hypotheses.add(tgt.decode(output));
        }
        return hypotheses;
    }
}
