package io.attnspark.jobs.cli;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.spark.SparkSessions;
import io.attnspark.jobs.spark.SparkSettings;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

/**
 * What every command hands to its job: the command's name, the resolved and validated configuration,
 * the {@code --master} override and {@code --verbose}.
 *
 * @param command        the command name, for example {@code train}
 * @param config         defaults &lt;- recipe &lt;- overrides, validated against every registered section
 * @param masterOverride the {@code --master} option, if given
 * @param verbose        whether {@code --verbose} was given
 */
public record JobContext(String command, AttnsparkConfig config, Optional<String> masterOverride, boolean verbose) {

    /** The {@code spark} section. */
    public SparkSettings sparkSettings() {
        return SparkSettings.from(config);
    }

    /** A SparkSession for this run, named {@code attnspark <command>}; the caller stops it. */
    public SparkSession startSpark() {
        return SparkSessions.create(sparkSettings(), "attnspark " + command, masterOverride.orElse(null));
    }
}
