package io.attnspark.jobs.cli;

import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.sweep.SweepJob;
import io.attnspark.jobs.sweep.SweepRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        header = "Search hyperparameters: train many trials, rank them, keep the best config.", sortOptions = false,
        description = "Runs the trials of the sweep file given by --conf (a recipe whose sweep section holds the "
                + "search space over any config key, the trial budget, the objective and successive halving), as "
                + "Spark tasks training side by side (sweep.mode=parallel) or as distributed trainings one after "
                + "another (sequential). Writes leaderboard.csv, leaderboard.md, plot.html, best.conf (ready for "
                + "train --conf) and one directory per trial to --out. Without --data it generates and prepares the "
                + "quickstart's synthetic corpus in --out first.")
public final class SweepCommand extends AttnsparkCommand {
    @Option(names = "--data", paramLabel = "PREP_DIR",
            description = "Prepared data (the --out of prep-text); default: generate the synthetic date corpus.")
    private String data;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Sweep directory to write.")
    private String out;

    @Override
    protected void checkOptions() {
        if (common.conf().isEmpty()) {
            throw usage("Missing required option: '--conf=FILE' (the sweep file, e.g. conf/recipes/sweep-quickstart.conf)");
        }
    }

    @Override
    protected void run(JobContext context) throws Exception {
        Optional<org.apache.hadoop.fs.Path> dataPath = data == null ? Optional.empty()
                : Optional.of(OutputPaths.requireExisting(data, "prepared data"));
        SweepJob.run(new SweepRequest(context, dataPath, prepareOutputDirectory(out, context)), System.out);
    }
}
