package io.attnspark.jobs.sweep;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.quickstart.Quickstart;
import io.attnspark.prep.PreparedCorpus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code attnspark sweep}: checks the sweep section and its space against the configuration, prepares the
 * synthetic corpus when no data is given, runs the trials ({@link ParallelTrials} or {@link SequentialTrials})
 * through {@link Sweep}, and writes the leaderboard, the plot and best.conf.
 */
public final class SweepJob {
    private SweepJob() {
    }

    /** Runs the sweep into {@code request.out()}; returns the trials. */
    public static List<Trial> run(SweepRequest request, PrintStream out) throws Exception {
        long start = System.nanoTime();
        JobContext context = request.context();
        AttnsparkConfig config = context.config();
        SweepSettings settings = SweepSettings.fromConfig(config.section("sweep"));
        settings.requireSpace();
        settings.space().check(config);
        if (settings.objective() == SweepSettings.Objective.VALID_BLEU && config.config().getInt("train.bleu-sentences") == 0) {
            throw new CommandFailure("sweep.objective=valid-bleu needs train.bleu-sentences > 0 (or use valid-loss)");
        }
        String modelType = config.config().getString("model.type");
        if (settings.mode() == SweepSettings.Mode.PARALLEL && !modelType.equals("rnn-attention")) {
            throw new CommandFailure("sweep.mode=parallel trains rnn-attention models on one core each; model.type="
                    + modelType + " needs sweep.mode=sequential");
        }
        if (request.out().toUri().getScheme() != null && !"file".equals(request.out().toUri().getScheme())) {
            throw new CommandFailure("sweep writes to the local file system; --out " + request.out() + " is not a local path");
        }
        java.nio.file.Path root = java.nio.file.Path.of(request.out().toUri());
        SweepOutputs outputs = new SweepOutputs(root, settings);
        List<Trial> trials;
        SparkSession spark = context.startSpark();
        try {
            Path data;
            if (request.data().isPresent()) {
                data = request.data().get();
            } else {
                java.nio.file.Path corpus = Quickstart.generateCorpus(context, root, "sweep", out);
                data = new Path(request.out(), "prep");
                Quickstart.prepareCorpus(spark, context, corpus, data, out);
            }
            TrialRunner runner;
            if (settings.mode() == SweepSettings.Mode.PARALLEL) {
                PreparedCorpus corpus = PreparedCorpus.open(data.toString(), spark.sparkContext().hadoopConfiguration());
                runner = new ParallelTrials(spark, corpus, config.config().getInt("train.bleu-sentences"));
            } else {
                runner = new SequentialTrials(spark, data, context.masterOverride(), context.verbose(), out);
            }
            trials = new Sweep(settings, config, root, out).run(runner, outputs::update);
        } finally {
            spark.stop();
        }
        Optional<Trial> best = outputs.writeBest(trials);
        long failed = trials.stream().filter(t -> t.status() == Trial.Status.FAILED).count();
        out.printf(Locale.ROOT, "sweep: %d trials: %d done, %d stopped early, %d failed; leaderboard %s%n", trials.size(),
                trials.stream().filter(t -> t.status() == Trial.Status.DONE).count(),
                trials.stream().filter(t -> t.status() == Trial.Status.STOPPED).count(), failed,
                root.resolve(SweepOutputs.CSV));
        if (best.isEmpty()) {
            throw new CommandFailure("no trial finished (" + failed + " failed); see " + root.resolve(SweepOutputs.CSV));
        }
        Trial b = best.get();
        out.printf(Locale.ROOT, "sweep: best trial %d: %s=%.4f after %d epochs (%s); config %s; total_seconds=%.0f%n",
                b.id(), settings.objective(), b.objective(), b.epochs(), SweepOutputs.describe(b),
                root.resolve(SweepOutputs.BEST), (System.nanoTime() - start) / 1e9);
        return trials;
    }
}
