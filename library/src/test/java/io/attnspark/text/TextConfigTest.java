package io.attnspark.text;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextConfigTest {
    private static Config defaults() {
        Config config = ConfigFactory.parseResources("attnspark/conf/defaults.conf");
        assertFalse(config.isEmpty(), "conf/defaults.conf is not on the test classpath");
        return config;
    }

    private static TextConfig read(String overrides) {
        Config config = ConfigFactory.parseString(overrides).withFallback(defaults()).resolve();
        return TextConfig.read(ConfigSection.of(config, "data"));
    }

    @Test
    void readsTheDefaults() {
        TextConfig c = read("");
        assertEquals(new TextNormalizer(c.normalization(), c.lowercase()), c.normalizer());
        assertTrue(TextConfig.VOCAB_TYPES.contains(c.vocabType()), c.vocabType());
    }

    @Test
    void roundTripsThroughHocon() {
        TextConfig c = new TextConfig("NFC", true, "bpe", true, 2, 8000, 5000);
        Config parsed = ConfigFactory.parseString("data {\n" + c.toHocon() + "}\n").resolve();
        assertEquals(c, TextConfig.read(ConfigSection.of(parsed, "data")));
        TextConfig d = read("");
        assertEquals(d, TextConfig.read(ConfigSection.of(ConfigFactory.parseString("data {\n" + d.toHocon() + "}\n"), "data")));
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("data.normalization=NFD is not one of NFC, NFKC, none",
                assertThrows(ConfigError.class, () -> read("data.normalization = NFD")).getMessage());
        assertEquals("data.vocab.type=char is not one of word, bpe",
                assertThrows(ConfigError.class, () -> read("data.vocab.type = char")).getMessage());
        assertEquals("data.vocab.max-size=3 is outside [4, 2147483647]",
                assertThrows(ConfigError.class, () -> read("data.vocab.max-size = 3")).getMessage());
        assertEquals("data.vocab.bpe-merges=0 must be at least 1 with data.vocab.type=bpe",
                assertThrows(ConfigError.class, () -> read("data.vocab { type = bpe, bpe-merges = 0 }")).getMessage());
        ConfigError unknown = assertThrows(ConfigError.class, () -> read("data.vocab.min-cout = 3"));
        assertEquals("data.vocab.min-cout", unknown.key());
    }
}
