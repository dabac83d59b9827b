package io.attnspark.prep.captions;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.text.TextNormalizer;
import io.attnspark.text.Vocabulary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code captions} section of the configuration: how {@code prep-captions} reads, crops and tokenizes
 * (see {@code conf/defaults.conf}, the only place defaults live). Immutable and validated on construction;
 * {@link #toMap()} / {@link #fromConfig(ConfigSection)} round-trip.
 *
 * @param format          {@code captions.format}: {@code auto} or a {@link CaptionFormat#key()}
 * @param imageSize       {@code captions.image-size}: side of the square output images, in pixels
 * @param maxSourcePixels {@code captions.max-source-pixels}: larger source images are skipped as too-large
 * @param normalization   {@code captions.normalization}: NFC, NFKC or none
 * @param lowercase       {@code captions.lowercase}
 * @param minCount        {@code captions.vocab.min-count}
 * @param maxSize         {@code captions.vocab.max-size}, the specials included
 * @param validFraction   {@code captions.split.valid-fraction}
 * @param testFraction    {@code captions.split.test-fraction}
 * @param shards          {@code captions.shards}: Parquet files per split (at most)
 * @param maxListed       {@code captions.max-listed}: examples kept in the manifest per skip reason
 */
public record CaptionsConfig(String format, int imageSize, long maxSourcePixels, String normalization, boolean lowercase,
                             int minCount, int maxSize, double validFraction, double testFraction, int shards,
                             int maxListed) {
    /** The accepted values of {@code captions.format}. */
    public static final List<String> FORMATS = List.of("auto", "flickr8k", "csv", "coco");

    public CaptionsConfig {
        if (!FORMATS.contains(format)) {
            throw new ConfigError("captions.format", "captions.format=" + format + " is not one of " + String.join(", ", FORMATS));
        }
        if (imageSize < 1 || imageSize > 4096) {
            throw new ConfigError("captions.image-size", "captions.image-size=" + imageSize + " is outside [1, 4096]");
        }
        if (maxSourcePixels < 1) {
            throw new ConfigError("captions.max-source-pixels", "captions.max-source-pixels=" + maxSourcePixels + " must be >= 1");
        }
        if (!TextNormalizer.FORMS.contains(normalization)) {
            throw new ConfigError("captions.normalization", "captions.normalization=" + normalization + " is not one of "
                    + String.join(", ", TextNormalizer.FORMS));
        }
        if (minCount < 1) {
            throw new ConfigError("captions.vocab.min-count", "captions.vocab.min-count=" + minCount + " must be at least 1");
        }
        if (maxSize < Vocabulary.SPECIALS.size()) {
            throw new ConfigError("captions.vocab.max-size", "captions.vocab.max-size=" + maxSize + " must be at least "
                    + Vocabulary.SPECIALS.size() + " (the special tokens)");
        }
        if (!(validFraction >= 0 && validFraction < 1)) {
            throw new ConfigError("captions.split.valid-fraction", "captions.split.valid-fraction=" + validFraction + " is outside [0, 1)");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new ConfigError("captions.split.test-fraction", "captions.split.test-fraction=" + testFraction + " is outside [0, 1)");
        }
        if (validFraction + testFraction >= 1) {
            throw new ConfigError("captions.split.valid-fraction", "captions.split.valid-fraction=" + validFraction
                    + " + captions.split.test-fraction=" + testFraction + " must leave something for train (sum < 1)");
        }
        if (shards < 1) {
            throw new ConfigError("captions.shards", "captions.shards=" + shards + " must be >= 1");
        }
        if (maxListed < 0) {
            throw new ConfigError("captions.max-listed", "captions.max-listed=" + maxListed + " must be >= 0");
        }
    }

    /** Reads the {@code captions} section, refusing unknown keys. */
    public static CaptionsConfig fromConfig(ConfigSection s) {
        String format = s.getChoice("format", FORMATS);
        int imageSize = s.getInt("image-size", 1, 4096);
        long maxSourcePixels = s.getLong("max-source-pixels", 1, Long.MAX_VALUE);
        String normalization = s.getChoice("normalization", TextNormalizer.FORMS);
        boolean lowercase = s.getBoolean("lowercase");
        ConfigSection v = s.section("vocab");
        int minCount = v.getInt("min-count", 1, Integer.MAX_VALUE);
        int maxSize = v.getInt("max-size", Vocabulary.SPECIALS.size(), Integer.MAX_VALUE);
        v.rejectUnknownKeys();
        ConfigSection split = s.section("split");
        double validFraction = split.getDouble("valid-fraction", 0, 1);
        double testFraction = split.getDouble("test-fraction", 0, 1);
        split.rejectUnknownKeys();
        int shards = s.getInt("shards", 1, 1_000_000);
        int maxListed = s.getInt("max-listed", 0, 1_000_000);
        s.rejectUnknownKeys();
        return new CaptionsConfig(format, imageSize, maxSourcePixels, normalization, lowercase, minCount, maxSize,
                validFraction, testFraction, shards, maxListed);
    }

    /** Reads the {@code captions} section of a resolved root configuration. */
    public static CaptionsConfig from(Config root) {
        return fromConfig(ConfigSection.of(root, "captions"));
    }

    /** The caption normaliser these settings describe. */
    public TextNormalizer normalizer() {
        return new TextNormalizer(normalization, lowercase);
    }

    /** The section as nested maps with the configuration's key names (for the manifest). */
    public Map<String, Object> toMap() {
        Map<String, Object> vocab = new LinkedHashMap<>();
        vocab.put("min-count", minCount);
        vocab.put("max-size", maxSize);
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("valid-fraction", validFraction);
        split.put("test-fraction", testFraction);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("image-size", imageSize);
        m.put("max-source-pixels", maxSourcePixels);
        m.put("normalization", normalization);
        m.put("lowercase", lowercase);
        m.put("vocab", vocab);
        m.put("split", split);
        m.put("shards", shards);
        m.put("max-listed", maxListed);
        return m;
    }

    /** This section as a root {@link Config} ({@code captions { ... }}) that {@link #from(Config)} reads back. */
    public Config toConfig() {
        return ConfigFactory.parseMap(Map.of("captions", toMap()));
    }
}
