package io.attnspark.jobs.train;

import io.attnspark.jobs.cli.CommandFailure;

/** Spark training behind {@code attnspark train}. */
public final class TrainJob {
    private TrainJob() {
    }

    /** Trains (or resumes) a model into {@code request.out()}; throws on failure. */
    public static void run(TrainRequest request) throws Exception {
        throw CommandFailure.notWiredYet("io.attnspark.jobs.train.TrainJob.run");
    }
}
