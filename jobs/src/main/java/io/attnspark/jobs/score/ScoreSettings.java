package io.attnspark.jobs.score;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.prep.Split;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How {@code attnspark score} reads and batches its input (the {@code score} section); decoding itself is
 * the {@code decode} section. Immutable; defaults live only in {@code conf/defaults.conf}.
 *
 * @param maxSourceLength longest source (and, in score mode, target) in tokens after BPE that is decoded;
 *                        longer ones get status {@code too_long}
 * @param chunkSize       lines each task tokenizes, length-sorts and decodes together before reading on
 * @param nativeGarbageMb resident memory (MB) the decoder's garbage may add before the first full GC, which
 *                        sets the schedule of the later ones (see {@code NativeGarbage})
 * @param inputFormat     what {@code --input} is, or {@link InputFormat#AUTO} to tell by its name
 * @param split           the split of prepared data that is scored
 */
public record ScoreSettings(int maxSourceLength, int chunkSize, int nativeGarbageMb, InputFormat inputFormat,
                            Split split) {

    public ScoreSettings {
        if (maxSourceLength < 1) {
            throw new ConfigError("score.max-source-length", "score.max-source-length=" + maxSourceLength
                    + " must be at least 1");
        }
        if (chunkSize < 1) {
            throw new ConfigError("score.chunk-size", "score.chunk-size=" + chunkSize + " must be at least 1");
        }
        if (nativeGarbageMb < 0) {
            throw new ConfigError("score.native-garbage-mb", "score.native-garbage-mb=" + nativeGarbageMb
                    + " must be >= 0");
        }
        if (inputFormat == null || split == null) {
            throw new ConfigError("score", "score.input-format and score.split must be given");
        }
    }

    /** Reads the {@code score} section, refusing unknown keys. */
    public static ScoreSettings fromConfig(ConfigSection s) {
        int maxSource = s.getInt("max-source-length", 1, 1_000_000);
        int chunk = s.getInt("chunk-size", 1, 10_000_000);
        int garbage = s.getInt("native-garbage-mb", 0, 1 << 24);
        InputFormat format = InputFormat.of(s.getChoice("input-format", InputFormat.configNames()));
        Split split = Split.valueOf(s.getChoice("split",
                Arrays.stream(Split.values()).map(Split::dirName).toList()).toUpperCase(Locale.ROOT));
        s.rejectUnknownKeys();
        return new ScoreSettings(maxSource, chunk, garbage, format, split);
    }

    /** What {@code --input} holds. */
    public enum InputFormat {
        /** Tell by the input's name and content (see {@code conf/defaults.conf}). */
        AUTO,
        /** Plain source text, one sentence a line, gzip or not. */
        TEXT,
        /** source&lt;TAB&gt;target lines, gzip or not. */
        TSV,
        /** The output directory of prep-text (its manifest.json, Parquet splits). */
        PREPARED;

        /** The name used in the configuration. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static List<String> configNames() {
            return Arrays.stream(values()).map(InputFormat::configName).toList();
        }

        static InputFormat of(String configName) {
            return valueOf(configName.toUpperCase(Locale.ROOT));
        }
    }
}
