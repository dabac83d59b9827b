package io.attnspark.jobs.sweep;

import io.attnspark.jobs.cli.AttnsparkCommand;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.train.TrainJob;
import io.attnspark.jobs.train.TrainRequest;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trials one after another, each a distributed training through the same path as {@code attnspark train}
 * (parameter averaging over {@code spark.workers}): the trial's directory is an ordinary model directory, and a
 * promoted trial's next step is {@code train --resume} with {@code train.epochs} raised to the next rung.
 */
public final class SequentialTrials implements TrialRunner {
    private final SparkSession spark;
    private final Path data;
    private final Optional<String> master;
    private final boolean verbose;
    private final PrintStream progress;

    public SequentialTrials(SparkSession spark, Path data, Optional<String> master, boolean verbose, PrintStream progress) {
        this.spark = spark;
        this.data = data;
        this.master = master;
        this.verbose = verbose;
        this.progress = progress;
    }

    @Override
    public void run(List<TrialStep> steps, Consumer<StepResult> onDone) {
        for (TrialStep step : steps) {
            long start = System.nanoTime();
            StepResult result;
            try {
                var config = step.config().withOverrides(List.of("train.epochs=" + step.toEpoch()));
                JobContext context = new JobContext("sweep", config, master, verbose);
                Path dir = new Path(step.dir().toUri());
                OutputPaths.writeText(dir, AttnsparkCommand.RESOLVED_CONF, config.render());
                TrainJob.train(spark, new TrainRequest(context, data, dir, step.fromEpoch() > 0), progress);
                List<Map<String, Object>> epochs = new ArrayList<>();
                for (Map<String, Object> m : new ModelDir(dir, spark.sparkContext().hadoopConfiguration()).metrics()) {
                    if (m.get("epoch") instanceof Number n && n.intValue() > step.fromEpoch()) {
                        epochs.add(m);
                    }
                }
                result = new StepResult(step.id(), null, epochs, (System.nanoTime() - start) / 1e9);
            } catch (Exception e) {
                result = StepResult.failed(step.id(), e, (System.nanoTime() - start) / 1e9);
            }
            onDone.accept(result);
        }
    }
}
