package io.attnspark.jobs.prep;

import io.attnspark.jobs.cli.CommandFailure;

/** The Spark preparation of a parallel corpus behind {@code attnspark prep-text}. */
public final class PrepTextJob {
    private PrepTextJob() {
    }

    /** Prepares the corpus into {@code request.out()}; throws on failure. */
    public static void run(PrepTextRequest request) throws Exception {
        throw CommandFailure.notWiredYet("io.attnspark.jobs.prep.PrepTextJob.run");
    }
}
