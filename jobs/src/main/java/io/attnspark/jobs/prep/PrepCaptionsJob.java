package io.attnspark.jobs.prep;

import io.attnspark.config.ConfigSection;
import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.prep.captions.CaptionPrepJob;
import io.attnspark.prep.captions.CaptionPrepRequest;
import io.attnspark.prep.captions.CaptionsConfig;
import io.attnspark.prep.captions.CaptionsManifest;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The Spark preparation of a captioned image collection behind {@code attnspark prep-captions}. */
public final class PrepCaptionsJob {
    private PrepCaptionsJob() {
    }

    /** Prepares the collection into {@code request.out()}; throws on failure. */
    public static void run(PrepCaptionsRequest request) {
        SparkSession spark = request.context().startSpark();
        try {
            prepare(spark, request, System.out);
        } finally {
            spark.stop();
        }
    }

    /** Prepares on an existing session and prints what went in and out, per split and reason, to {@code progress}. */
    public static CaptionsManifest prepare(SparkSession spark, PrepCaptionsRequest request, PrintStream progress) {
        var root = request.context().config().config();
        CaptionsConfig config = CaptionsConfig.from(root);
        long seed = ConfigSection.of(root, "").getLong("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        // The command has already refused an existing --out without --overwrite; prep replaces an existing
        // output only once its own is complete (a failed run leaves the old one as it was).
        CaptionsManifest manifest = CaptionPrepJob.run(spark, new CaptionPrepRequest(request.images(), request.captions(),
                request.trainList().orElse(null), request.validList().orElse(null), request.testList().orElse(null),
                request.out().toString(), true, seed, config));
        OutputPaths.writeText(request.out(), "resolved.conf", request.context().config().render());
        progress.println(summary(manifest, config.minCount(), request.out().toString()));
        return manifest;
    }

    /** A few lines: images and captions in and out per split and reason, the vocabulary and the image shape. */
    static String summary(CaptionsManifest m, int minCount, String out) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "prep-captions: %s captions, %,d images named, %,d caption records%n",
                m.captionFormat(), m.images().in(), m.captions().in()));
        for (Map.Entry<String, CaptionsManifest.SplitCounts> e : m.splits().entrySet()) {
            CaptionsManifest.SplitCounts s = e.getValue();
            sb.append(String.format(Locale.ROOT, "prep-captions: %-5s images %s; captions %s%n", e.getKey(),
                    counts(s.images()), counts(s.captions())));
        }
        long unlisted = m.images().skipped().get("unlisted");
        long malformed = m.captions().skipped().get("malformed");
        if (unlisted + malformed > 0) {
            sb.append(String.format(Locale.ROOT, "prep-captions: in no split: %,d unlisted images with %,d captions,"
                    + " %,d malformed caption records%n", unlisted, m.captions().skipped().get("image-unlisted"), malformed));
        }
        sb.append(String.format(Locale.ROOT, "prep-captions: vocabulary %,d entries (min-count %d); images %dx%dx%d; out=%s",
                m.vocab().size(), minCount,
                m.image().height(), m.image().width(), m.image().channels(), out));
        return sb.toString();
    }

    private static String counts(CaptionsManifest.Counts c) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%,d in, %,d out", c.in(), c.out()));
        c.skipped().forEach((reason, n) -> {
            if (n > 0) {
                sb.append(String.format(Locale.ROOT, ", %,d %s", n, reason));
            }
        });
        return sb.toString();
    }
}
