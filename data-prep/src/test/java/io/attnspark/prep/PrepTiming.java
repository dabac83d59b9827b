package io.attnspark.prep;

import com.typesafe.config.ConfigFactory;
import io.attnspark.prep.output.PrepManifest;
import org.apache.spark.sql.SparkSession;

/**
 * A timing run, not a test (surefire does not pick it up): {@code prep-text} on a real corpus with
 * {@code local[2]}, run twice in one JVM (cold, then warm), printing the stage timings and counts.
 *
 * <pre>
 * mvn -B -q -o -pl data-prep -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java $(JVM add-opens, see the parent pom) -cp data-prep/target/classes:data-prep/target/test-classes:\
 *     library/target/classes:$(cat data-prep/target/cp.txt) io.attnspark.prep.PrepTiming \
 *     SRC TGT TRAIN_PREFIX VALID_PREFIX TEST_PREFIX OUT_DIR ['data.vocab.type = bpe' ...]
 * </pre>
 */
public final class PrepTiming {
    private PrepTiming() {
    }

    public static void main(String[] args) {
        if (args.length < 6) {
            throw new IllegalArgumentException("usage: PrepTiming SRC TGT TRAIN VALID TEST OUT [hocon overrides...]");
        }
        StringBuilder overrides = new StringBuilder();
        for (int i = 6; i < args.length; i++) {
            overrides.append(args[i]).append('\n');
        }
        PrepConfig config = PrepConfig.from(ConfigFactory.parseString(overrides.toString())
                .withFallback(ConfigFactory.parseResources("attnspark/conf/defaults.conf")).resolve());
        SparkSession spark = SparkSession.builder().master("local[2]").appName("prep-timing")
                .config("spark.ui.enabled", "false")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.sql.shuffle.partitions", "8")
                .getOrCreate();
        try {
            for (String run : new String[]{"cold", "warm"}) {
                long start = System.nanoTime();
                PrepManifest m = TextPrepJob.run(spark, TextPrepRequest.parallel(args[0], args[1], args[2], args[3], args[4],
                        args[5], true, config));
                System.out.printf("%s run: %.1f s%n  stages (ms): %s%n  splits: %s%n  vocab: src %d, tgt %d entries%n", run,
                        (System.nanoTime() - start) / 1e9, m.timingsMs(), m.splits(), m.vocab().src().size(), m.vocab().tgt().size());
            }
        } finally {
            spark.stop();
        }
    }
}
