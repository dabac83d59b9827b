package io.attnspark.jobs.quickstart;

import io.attnspark.jobs.cli.CommandFailure;

/** The end-to-end demonstration behind {@code attnspark quickstart}. */
public final class Quickstart {
    private Quickstart() {
    }

    /** Runs the whole pipeline into {@code request.out()}; throws on failure. */
    public static void run(QuickstartRequest request) throws Exception {
        throw CommandFailure.notWiredYet("io.attnspark.jobs.quickstart.Quickstart.run");
    }
}
