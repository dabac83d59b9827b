package io.attnspark.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        header = "Train and rank models over a hyperparameter grid (not available yet).", sortOptions = false,
        description = "Trains one model per point of a hyperparameter grid on the same prepared data and ranks "
                + "them: the grid file maps configuration keys to lists of values (model.encoder.layers = [1, 2]), "
                + "each trial is a train run over --conf and the overrides with one combination applied, and a "
                + "summary table of the trials' validation metric goes to --out beside one directory per "
                + "trial. (Not available yet.)")
public final class SweepCommand extends AttnsparkCommand {
    @Option(names = "--data", paramLabel = "PREP_DIR", required = true, description = "Prepared data (the --out of prep-text).")
    String data;

    @Option(names = "--grid", paramLabel = "FILE", required = true,
            description = "HOCON file of key = [value, ...] lines; the trials are their combinations.")
    String grid;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Sweep directory to write.")
    String out;

    @Option(names = "--trials", paramLabel = "N",
            description = "Run N combinations drawn with the config seed instead of all of them.")
    Integer trials;

    @Option(names = "--metric", paramLabel = "METRIC", defaultValue = "bleu",
            description = "Ranking metric on the validation split: bleu or loss (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Trials trained at the same time on the cluster (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Override
    protected void checkOptions() {
        if (!metric.equals("bleu") && !metric.equals("loss")) {
            throw usage("Invalid value for option '--metric': " + metric + " (expected bleu or loss)");
        }
        if (trials != null && trials < 1) {
            throw usage("Invalid value for option '--trials': " + trials + " (must be at least 1)");
        }
        if (parallel < 1) {
            throw usage("Invalid value for option '--parallel': " + parallel + " (must be at least 1)");
        }
    }

    @Override
    protected void run(JobContext context) {
        throw CommandFailure.notAvailableYet();
    }
}
