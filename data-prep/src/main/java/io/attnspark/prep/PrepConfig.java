package io.attnspark.prep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.text.TextConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of {@code prep-text}: the root {@code seed} and the {@code data} section of the configuration
 * (see {@code conf/defaults.conf}, the only place defaults live). The text keys (normalisation, vocabulary)
 * are the library's {@link TextConfig}, shared with training and scoring; the rest are prep's own. Immutable
 * and validated on construction; {@link #toMap()} / {@link #from(Config)} round-trip.
 *
 * @param seed        root {@code seed}; the hash split mixes it into its hash
 * @param text        {@code data.normalization}, {@code data.lowercase}, {@code data.vocab.*}
 * @param bucketWidth {@code data.bucket-width}
 * @param shards      {@code data.shards}: Parquet files per split (at most; empty shards write no file)
 */
public record PrepConfig(long seed, TextConfig text, Filter filter, Split split, int bucketWidth, int shards) {

    /**
     * {@code data.filter}: which pairs are dropped (each counted per reason and split in the manifest).
     *
     * @param maxTokens      pairs with more tokens than this on either side (after subwords) are dropped
     * @param maxLengthRatio pairs whose longer side has more than this many times the tokens of the shorter
     * @param dropDuplicates drop exact duplicate pairs (after normalisation) in the training split
     * @param applyToEval    apply the empty / too-long / length-ratio filters to valid and test too
     */
    public record Filter(int maxTokens, double maxLengthRatio, boolean dropDuplicates, boolean applyToEval) {
        public Filter {
            if (maxTokens < 1) {
                throw new ConfigError("data.filter.max-tokens", "data.filter.max-tokens=" + maxTokens + " must be >= 1");
            }
            if (!(maxLengthRatio >= 1.0) || Double.isInfinite(maxLengthRatio)) {
                throw new ConfigError("data.filter.max-length-ratio", "data.filter.max-length-ratio=" + maxLengthRatio
                        + " must be a finite number >= 1");
            }
        }
    }

    /** {@code data.split}: fractions of the train input moved to valid and test when those are not given. */
    public record Split(double validFraction, double testFraction) {
        public Split {
            if (!(validFraction >= 0 && validFraction < 1)) {
                throw new ConfigError("data.split.valid-fraction", "data.split.valid-fraction=" + validFraction + " is outside [0, 1)");
            }
            if (!(testFraction >= 0 && testFraction < 1)) {
                throw new ConfigError("data.split.test-fraction", "data.split.test-fraction=" + testFraction + " is outside [0, 1)");
            }
            if (validFraction + testFraction >= 1) {
                throw new ConfigError("data.split.valid-fraction", "data.split.valid-fraction=" + validFraction
                        + " + data.split.test-fraction=" + testFraction + " must leave something for train (sum < 1)");
            }
        }
    }

    public PrepConfig {
        if (text == null || filter == null || split == null) {
            throw new IllegalArgumentException("text, filter and split must be given");
        }
        if (bucketWidth < 1) {
            throw new ConfigError("data.bucket-width", "data.bucket-width=" + bucketWidth + " must be >= 1");
        }
        if (shards < 1) {
            throw new ConfigError("data.shards", "data.shards=" + shards + " must be >= 1");
        }
    }

    /** Reads {@code seed} and the {@code data} section of a resolved root configuration; unknown keys in {@code data} are errors. */
    public static PrepConfig from(Config root) {
        long seed = ConfigSection.of(root, "").getLong("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        ConfigSection data = ConfigSection.of(root, "data");
        TextConfig text = TextConfig.read(data);

        ConfigSection f = data.section("filter");
        Filter filter = new Filter(f.getInt("max-tokens", 1, Integer.MAX_VALUE),
                f.getDouble("max-length-ratio", 1.0, Double.MAX_VALUE), f.getBoolean("drop-duplicates"),
                f.getBoolean("apply-to-eval"));
        f.rejectUnknownKeys();

        ConfigSection s = data.section("split");
        Split split = new Split(s.getDouble("valid-fraction", 0, 1), s.getDouble("test-fraction", 0, 1));
        s.rejectUnknownKeys();

        int bucketWidth = data.getInt("bucket-width", 1, Integer.MAX_VALUE);
        int shards = data.getInt("shards", 1, 1_000_000);
        data.rejectUnknownKeys();
        return new PrepConfig(seed, text, filter, split, bucketWidth, shards);
    }

    /** {@code seed} and {@code data} as nested maps with the configuration's key names (for the manifest). */
    public Map<String, Object> toMap() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("type", text.vocabType());
        v.put("joint", text.joint());
        v.put("min-count", text.minCount());
        v.put("max-size", text.maxSize());
        v.put("bpe-merges", text.bpeMerges());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("max-tokens", filter.maxTokens());
        f.put("max-length-ratio", filter.maxLengthRatio());
        f.put("drop-duplicates", filter.dropDuplicates());
        f.put("apply-to-eval", filter.applyToEval());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("valid-fraction", split.validFraction());
        s.put("test-fraction", split.testFraction());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("normalization", text.normalization());
        data.put("lowercase", text.lowercase());
        data.put("vocab", v);
        data.put("filter", f);
        data.put("split", s);
        data.put("bucket-width", bucketWidth);
        data.put("shards", shards);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", seed);
        root.put("data", data);
        return root;
    }

    /** This configuration as a {@link Config} that {@link #from(Config)} reads back to an equal record. */
    public Config toConfig() {
        return ConfigFactory.parseMap(toMap());
    }
}
