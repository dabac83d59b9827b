package io.attnspark.jobs.spark;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How training and scoring run on Spark: the {@code spark} section of the configuration.
 *
 * @param master             Spark master URL ({@code local[2]}, {@code spark://host:7077}, ...)
 * @param workers            parameter-averaging workers, one per executor core
 * @param averagingFrequency minibatches each worker fits between two parameter averagings
 * @param prefetchBatches    minibatches each worker prefetches asynchronously (0 disables)
 * @param approach           how minibatches reach the workers
 * @param repartition        when dl4j-spark reshuffles each averaging round's minibatches over the workers
 * @param conf               passed to SparkConf as it is (keys such as {@code spark.executor.memory})
 */
public record SparkSettings(String master, int workers, int averagingFrequency, int prefetchBatches,
                            Approach approach, Repartition repartition, Map<String, String> conf) {

    /** dl4j-spark's RDDTrainingApproach: direct (in memory) or export (batches written to hadoop.tmp.dir). */
    public enum Approach {
        DIRECT, EXPORT;

        /** The name used in the configuration. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** dl4j-spark's Repartition: when an averaging round's minibatches are reshuffled over the workers. */
    public enum Repartition {
        /** Never: each worker fits the minibatches its partition holds (some may get more than others). */
        NEVER,
        /** Every round: one shuffle per round, equal shares. */
        ALWAYS,
        /** Only when the round's partition count differs from the number of workers. */
        WHEN_PARTITIONS_DIFFER;

        /** The name used in the configuration. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** dl4j-spark's value. */
        public org.deeplearning4j.spark.api.Repartition dl4j() {
            return switch (this) {
                case NEVER -> org.deeplearning4j.spark.api.Repartition.Never;
                case ALWAYS -> org.deeplearning4j.spark.api.Repartition.Always;
                case WHEN_PARTITIONS_DIFFER -> org.deeplearning4j.spark.api.Repartition.NumPartitionsWorkersDiffers;
            };
        }
    }

    /** Keys that have their own setting or are chosen by the command, so may not appear in {@code conf}. */
    private static final List<String> RESERVED = List.of("spark.master", "spark.app.name");

    public SparkSettings {
        if (master == null || master.isBlank()) {
            throw new ConfigError("spark.master", "spark.master must not be empty");
        }
        check("spark.workers", workers, 1, 100_000);
        check("spark.averaging-frequency", averagingFrequency, 1, 1_000_000);
        check("spark.prefetch-batches", prefetchBatches, 0, 10_000);
        if (approach == null) {
            throw new ConfigError("spark.approach", "spark.approach must be direct or export");
        }
        if (repartition == null) {
            throw new ConfigError("spark.repartition", "spark.repartition must be never, always or when-partitions-differ");
        }
        for (String reserved : RESERVED) {
            if (conf.containsKey(reserved)) {
                String key = "spark.conf." + ConfigUtil.joinPath(List.of(reserved));
                throw new ConfigError(key, key + " is not allowed: "
                        + (reserved.equals("spark.master") ? "set spark.master (or --master) instead" : "the command names the application"));
            }
        }
        conf = Collections.unmodifiableMap(new TreeMap<>(conf));
    }

    /** Reads and validates the {@code spark} section; unknown keys are refused. */
    public static SparkSettings from(ConfigSection spark) {
        SparkSettings settings = new SparkSettings(
                spark.getString("master"),
                spark.getInt("workers", 1, 100_000),
                spark.getInt("averaging-frequency", 1, 1_000_000),
                spark.getInt("prefetch-batches", 0, 10_000),
                Approach.valueOf(spark.getChoice("approach", List.of("direct", "export")).toUpperCase(Locale.ROOT)),
                Repartition.valueOf(spark.getChoice("repartition", List.of("never", "always", "when-partitions-differ"))
                        .toUpperCase(Locale.ROOT).replace('-', '_')),
                spark.getStringMap("conf"));
        spark.rejectUnknownKeys();
        return settings;
    }

    public static SparkSettings from(AttnsparkConfig config) {
        return from(config.section("spark"));
    }

    /** True for {@code local}, {@code local[N]}, {@code local[*]} and {@code local[N,F]} masters. */
    public static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /** These settings as a HOCON {@code spark { ... }} section, readable by {@link #from(ConfigSection)}. */
    public String toHocon() {
        return ConfigValueFactory.fromMap(Map.of("spark", Map.of(
                "master", master,
                "workers", workers,
                "averaging-frequency", averagingFrequency,
                "prefetch-batches", prefetchBatches,
                "approach", approach.configName(),
                "repartition", repartition.configName(),
                "conf", conf))).render(com.typesafe.config.ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false));
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigError(key, key + "=" + value + " is outside [" + min + ", " + max + "]");
        }
    }
}
