package io.attnspark.prep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrepConfigTest {
    /** conf/defaults.conf as shipped in the library jar. */
    static Config defaults() {
        return ConfigFactory.parseResources("attnspark/conf/defaults.conf").resolve();
    }

    /** The defaults with {@code overrides} (HOCON) on top. */
    static PrepConfig with(String overrides) {
        return PrepConfig.from(ConfigFactory.parseString(overrides).withFallback(defaults()).resolve());
    }

    @Test
    void readsTheDefaults() {
        PrepConfig c = PrepConfig.from(defaults());
        assertEquals(42, c.seed());
        assertEquals("NFKC", c.text().normalization());
        assertEquals("word", c.text().vocabType());
        assertEquals(100, c.filter().maxTokens());
        assertEquals(4, c.shards());
    }

    @Test
    void roundTripsThroughItsConfigForm() {
        PrepConfig c = with("seed = 7, data { vocab { type = bpe, joint = true, bpe-merges = 321 }, lowercase = true,"
                + " filter.max-length-ratio = 2.5, split.valid-fraction = 0.2, normalization = none }");
        assertEquals(c, PrepConfig.from(c.toConfig()));
        PrepConfig d = PrepConfig.from(defaults());
        assertEquals(d, PrepConfig.from(d.toConfig()));
    }

    @Test
    void unknownKeyIsNamedWithTheNearestValidOne() {
        ConfigError e = assertThrows(ConfigError.class, () -> with("data.filter.max-token = 5"));
        assertEquals("data.filter.max-token", e.key());
        assertTrue(e.getMessage().contains("did you mean data.filter.max-tokens?"), e.getMessage());
        assertThrows(ConfigError.class, () -> with("data.shard = 5"));
    }

    @Test
    void badValuesNameKeyAndValue() {
        ConfigError e = assertThrows(ConfigError.class, () -> with("data.normalization = NFD"));
        assertEquals("data.normalization=NFD is not one of NFC, NFKC, none", e.getMessage());
        e = assertThrows(ConfigError.class, () -> with("data.split { valid-fraction = 0.5, test-fraction = 0.5 }"));
        assertTrue(e.getMessage().contains("sum < 1"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> with("data.filter.max-length-ratio = 0.5"));
        assertEquals("data.filter.max-length-ratio", e.key());
        e = assertThrows(ConfigError.class, () -> with("data.vocab.max-size = 3"));
        assertEquals("data.vocab.max-size", e.key());
        e = assertThrows(ConfigError.class, () -> with("data.shards = 0"));
        assertEquals("data.shards", e.key());
    }
}
