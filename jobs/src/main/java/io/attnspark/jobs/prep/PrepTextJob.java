package io.attnspark.jobs.prep;

import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.prep.PrepConfig;
import io.attnspark.prep.TextPrepJob;
import io.attnspark.prep.TextPrepRequest;
import io.attnspark.prep.output.PrepManifest;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;

/** The Spark preparation of a parallel corpus behind {@code attnspark prep-text}. */
public final class PrepTextJob {
    private PrepTextJob() {
    }

    /** Prepares the corpus into {@code request.out()}; throws on failure. */
    public static void run(PrepTextRequest request) throws Exception {
        SparkSession spark = request.context().startSpark();
        try {
            prepare(spark, request, System.out);
        } finally {
            spark.stop();
        }
    }

    /** Prepares on an existing session and prints a summary per split to {@code progress}. */
    public static PrepManifest prepare(SparkSession spark, PrepTextRequest request, PrintStream progress) {
        PrepConfig config = PrepConfig.from(request.context().config().config());
        String out = request.out().toString();
        // The command has already refused an existing --out without --overwrite; prep replaces an existing
        // output only once its own is complete (a failed run leaves the old one as it was).
        TextPrepRequest prep = request.tsv().isPresent()
                ? TextPrepRequest.tsv(request.sourceLang(), request.targetLang(), request.tsv().get(), null, null,
                out, true, config)
                : TextPrepRequest.parallel(request.sourceLang(), request.targetLang(), request.train().orElseThrow(),
                request.valid().orElse(null), request.test().orElse(null), out, true, config);
        PrepManifest manifest = TextPrepJob.run(spark, prep);
        OutputPaths.writeText(request.out(), "resolved.conf", request.context().config().render());
        progress.println(PrepSummary.of(manifest));
        return manifest;
    }
}
