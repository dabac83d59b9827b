package io.attnspark.jobs.config;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.config.ConfigSection;
import io.attnspark.jobs.spark.SparkSettings;

import java.util.List;
import java.util.function.Function;

/**
 * The typed records of the configuration, one per section. Every command validates the whole resolved
 * configuration through them before it starts (so a bad value in any section fails at once, not an hour
 * into training), and {@code ConfFilesTest} validates every file under {@code conf/} the same way.
 *
 * <p>Adding a section is one line in {@link #SECTIONS}: the section path and the record's reader.
 */
public final class ConfigSchema {

    /** A section and the record reader that validates it (and rejects its unknown keys). */
    public record Section(String path, Function<ConfigSection, ?> reader) {
        public Object read(AttnsparkConfig config) {
            return reader.apply(config.section(path));
        }
    }

    public static final List<Section> SECTIONS = List.of(
            new Section("spark", SparkSettings::from),
            new Section("model", io.attnspark.nn.RnnAttentionConfig::fromConfig),
            new Section("model.transformer", io.attnspark.nn.transformer.TransformerConfig::fromSection),
            new Section("train", io.attnspark.train.TrainConfig::fromConfig),
            new Section("decode", io.attnspark.decode.DecodeConfig::fromConfig),
            new Section("score", io.attnspark.jobs.score.ScoreSettings::fromConfig),
            new Section("quickstart", io.attnspark.jobs.quickstart.QuickstartSettings::fromConfig),
            new Section("captions", io.attnspark.prep.captions.CaptionsConfig::fromConfig),
            new Section("sweep", io.attnspark.jobs.sweep.SweepSettings::fromConfig),
            new Section("model.caption", io.attnspark.nn.caption.CaptionConfig::fromConfig),
            new Section("quickstart.captions", io.attnspark.jobs.caption.CaptionQuickstartSettings::fromConfig)
    );

    private ConfigSchema() {
    }

    /** Reads every registered section; the first invalid one throws its {@code ConfigError}. */
    public static void validate(AttnsparkConfig config) {
        for (Section section : SECTIONS) {
            section.read(config);
        }
    }
}
