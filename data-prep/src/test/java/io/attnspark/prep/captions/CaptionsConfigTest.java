package io.attnspark.prep.captions;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptionsConfigTest {
    /** conf/defaults.conf as shipped in the library jar. */
    static Config defaults() {
        return ConfigFactory.parseResources("attnspark/conf/defaults.conf").resolve();
    }

    /** The defaults with {@code overrides} (HOCON) on top. */
    static CaptionsConfig with(String overrides) {
        return CaptionsConfig.from(ConfigFactory.parseString(overrides).withFallback(defaults()).resolve());
    }

    @Test
    void readsTheDefaults() {
        CaptionsConfig c = CaptionsConfig.from(defaults());
        assertEquals("auto", c.format());
        assertEquals(128, c.imageSize());
        assertEquals(5, c.minCount());
        assertTrue(c.lowercase());
        assertEquals(20, c.maxListed());
    }

    @Test
    void roundTripsThroughItsConfigForm() {
        CaptionsConfig c = with("captions { format = coco, image-size = 48, lowercase = false, vocab.min-count = 2,"
                + " split.test-fraction = 0.2, normalization = none, max-listed = 3 }");
        assertEquals(c, CaptionsConfig.from(c.toConfig()));
        CaptionsConfig d = CaptionsConfig.from(defaults());
        assertEquals(d, CaptionsConfig.from(d.toConfig()));
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> with("captions.image-sise = 5"));
        assertEquals("captions.image-sise", e.key());
        assertTrue(e.getMessage().contains("did you mean captions.image-size?"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> with("captions.format = xml"));
        assertEquals("captions.format=xml is not one of auto, flickr8k, csv, coco", e.getMessage());
        e = assertThrows(ConfigError.class, () -> with("captions.image-size = 0"));
        assertEquals("captions.image-size", e.key());
        e = assertThrows(ConfigError.class, () -> with("captions.split { valid-fraction = 0.6, test-fraction = 0.4 }"));
        assertTrue(e.getMessage().contains("sum < 1"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> with("captions.vocab.max-size = 3"));
        assertEquals("captions.vocab.max-size", e.key());
    }
}
