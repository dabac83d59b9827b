package io.attnspark.jobs.score;

import io.attnspark.jobs.cli.CommandFailure;

/** Decoding and scoring on Spark behind {@code attnspark score}. */
public final class ScoreJob {
    private ScoreJob() {
    }

    /** Scores {@code request.input()} with {@code request.model()} into {@code request.out()}; throws on failure. */
    public static void run(ScoreRequest request) throws Exception {
        throw new CommandFailure("score is not available yet: batch translation, scoring and captioning come with the"
                + " scoring job; the quickstart translates its test split itself");
    }
}
