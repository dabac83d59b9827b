package io.attnspark.jobs.cli;

import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.train.TrainJob;
import io.attnspark.jobs.train.TrainRequest;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train an attention model on Spark.", sortOptions = false,
        description = "Trains an attention model on prepared data with parameter averaging on Spark: each worker "
                + "fits minibatches of its partition and the parameters are averaged every "
                + "spark.averaging-frequency minibatches. The model, its vocabulary, checkpoints, training "
                + "curves and resolved.conf go to --out; --resume continues from the last checkpoint there.")
public final class TrainCommand extends AttnsparkCommand {
    @Option(names = "--data", paramLabel = "PREP_DIR", required = true,
            description = "Prepared data (the --out of prep-text).")
    private String data;

    @Option(names = "--out", paramLabel = "MODEL_DIR", required = true, description = "Model directory to write.")
    private String out;

    @Option(names = "--resume", description = "Continue the run in MODEL_DIR from its last checkpoint.")
    private boolean resume;

    @Override
    protected void checkOptions() {
        if (resume && overwrite()) {
            throw usage("--resume and --overwrite exclude each other: --resume continues MODEL_DIR, --overwrite replaces it");
        }
    }

    @Override
    protected void run(JobContext context) throws Exception {
        Path dataPath = OutputPaths.requireExisting(data, "prepared data");
        Path outPath;
        if (resume) {
            outPath = OutputPaths.requireExisting(out, "model directory to resume");
            OutputPaths.writeText(outPath, RESOLVED_CONF, context.config().render());
        } else {
            outPath = prepareOutputDirectory(out, context);
        }
        TrainJob.run(new TrainRequest(context, dataPath, outPath, resume));
    }
}
