package io.attnspark.jobs.quickstart;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

/**
 * Sizes of the synthetic corpus the quickstart generates (the {@code quickstart} section).
 *
 * @param trainPairs training pairs
 * @param validPairs validation pairs (dates not in training)
 * @param testPairs  test pairs (dates in neither training nor validation)
 */
public record QuickstartSettings(int trainPairs, int validPairs, int testPairs) {

    public QuickstartSettings {
        if (trainPairs < 1 || validPairs < 1 || testPairs < 1) {
            throw new ConfigError("quickstart", "quickstart.train-pairs, valid-pairs and test-pairs must be at least 1");
        }
    }

    /** Reads the {@code quickstart} section, refusing unknown keys. */
    public static QuickstartSettings fromConfig(ConfigSection s) {
        int train = s.getInt("train-pairs", 1, 10_000_000);
        int valid = s.getInt("valid-pairs", 1, 1_000_000);
        int test = s.getInt("test-pairs", 1, 1_000_000);
        if (s.has("captions")) {
            s.section("captions");   // quickstart --task captions: CaptionQuickstartSettings reads it
        }
        s.rejectUnknownKeys();
        return new QuickstartSettings(train, valid, test);
    }
}
