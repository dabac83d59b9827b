package io.attnspark.jobs.sweep;

import java.util.List;
import java.util.function.Consumer;

/** Trains the steps of one rung: as Spark tasks side by side ({@link ParallelTrials}) or one distributed training after another ({@link SequentialTrials}). */
public interface TrialRunner {
    /**
     * Runs every step and hands each result to {@code onDone} (on the calling thread) as it finishes. A step
     * that fails gives a result with its error; it never fails the others. A step whose {@code fromEpoch} is
     * above 0 continues the model the same trial's earlier step left.
     */
    void run(List<TrialStep> steps, Consumer<StepResult> onDone) throws Exception;
}
