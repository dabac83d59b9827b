package io.attnspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigOverridesTest {
    private static Config one(String argument) {
        return ConfigOverrides.parse(List.of(argument));
    }

    @Test
    void valuesAreHoconValues() {
        assertEquals(ConfigValueType.NUMBER, one("a.b=2").getValue("a.b").valueType());
        assertEquals(0.001, one("a=1e-3").getDouble("a"), 1e-12);
        assertEquals(ConfigValueType.BOOLEAN, one("a=true").getValue("a").valueType());
        assertEquals(List.of(1, 2), one("a=[1, 2]").getIntList("a"));
        assertEquals(3, one("a={b=3}").getInt("a.b"));
        assertEquals("x y", one("a=\"x y\"").getString("a"));
    }

    @Test
    void unquotedTextIsTakenVerbatim() {
        assertEquals("2g", one("spark.conf.\"spark.executor.memory\"=2g").getConfig("spark.conf").getString("\"spark.executor.memory\""));
        assertEquals("spark://127.0.0.1:7077", one("m=spark://127.0.0.1:7077").getString("m"));
        assertEquals("local[2]", one("m=local[2]").getString("m"));
        assertEquals("a#b", one("m=a#b").getString("m"));
        assertEquals("", one("m=").getString("m"));
    }

    @Test
    void laterOverridesWin() {
        assertEquals(3, ConfigOverrides.parse(List.of("a=1", "a=3")).getInt("a"));
    }

    @Test
    void badOverridesAreNamed() {
        ConfigError e = assertThrows(ConfigError.class, () -> one("novalue"));
        assertEquals("expected key=value, got 'novalue'", e.getMessage());
        e = assertThrows(ConfigError.class, () -> one("a..b=1"));
        assertTrue(e.getMessage().contains("is not a valid config key"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> one("a=${b}"));
        assertTrue(e.getMessage().contains("substitutions"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> one("a=[1, "));
        assertTrue(e.getMessage().startsWith("a=[1, is not a valid HOCON value"), e.getMessage());
    }

    @Test
    void overrideShape() {
        assertTrue(ConfigOverrides.looksLikeOverride("model.dim=3"));
        assertFalse(ConfigOverrides.looksLikeOverride("--out=x"));
        assertFalse(ConfigOverrides.looksLikeOverride("=x"));
        assertFalse(ConfigOverrides.looksLikeOverride("file.txt"));
    }
}
