package io.attnspark.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttnsparkConfigTest {
    @TempDir
    Path dir;

    private Path recipe(String text) throws IOException {
        Path file = dir.resolve("recipe.conf");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaultsLoadFromTheClasspath() {
        AttnsparkConfig c = AttnsparkConfig.defaults();
        assertEquals(42, c.config().getInt("seed"));
        assertEquals("local[2]", c.config().getString("spark.master"));
        assertEquals(c, AttnsparkConfig.load(null, List.of()));
    }

    @Test
    void renderThenParseGivesAnEqualConfig() throws IOException {
        AttnsparkConfig c = AttnsparkConfig.load(recipe("model.encoder.layers = 2\ntrain { learning-rate = 1e-3 }\n"),
                List.of("spark.conf.\"spark.executor.memory\"=2g", "data.lowercase=true", "decode.length-penalty=0.25"));
        String text = c.render();
        AttnsparkConfig back = AttnsparkConfig.parse(text, "resolved.conf");
        assertEquals(c, back);
        assertEquals(c.hashCode(), back.hashCode());
        assertEquals(text, back.render());
        assertNotEquals(AttnsparkConfig.defaults(), c);
    }

    @Test
    void overridesBeatTheRecipeWhichBeatsTheDefaults() throws IOException {
        Path file = recipe("model { encoder { layers = 2, hidden-size = 256 } }\ntrain.epochs = 3\n");
        AttnsparkConfig c = AttnsparkConfig.load(file, List.of("model.encoder.layers=4", "train.epochs=5", "train.epochs=6"));
        assertEquals(4, c.config().getInt("model.encoder.layers"), "override over recipe");
        assertEquals(256, c.config().getInt("model.encoder.hidden-size"), "recipe over defaults");
        assertEquals(6, c.config().getInt("train.epochs"), "the last override wins");
        assertEquals(128, c.config().getInt("model.decoder.hidden-size"), "defaults fill the rest");
    }

    @Test
    void overridesMergeIntoSectionsAndMayReplaceFreeFormEntries() {
        AttnsparkConfig c = AttnsparkConfig.load(null, List.of("model.encoder={layers=3}",
                "spark.conf.\"spark.driver.memory\"=1g", "spark.master=spark://127.0.0.1:7077"));
        assertEquals(3, c.config().getInt("model.encoder.layers"));
        assertEquals(128, c.config().getInt("model.encoder.hidden-size"), "an object override merges");
        assertEquals("1g", c.section("spark").getStringMap("conf").get("spark.driver.memory"));
        assertEquals("spark://127.0.0.1:7077", c.config().getString("spark.master"), "// is not a comment here");
    }

    @Test
    void unknownKeyNamesTheNearestValidKey() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> AttnsparkConfig.load(null, List.of("model.encoder.hiden-size=64")));
        assertEquals("unknown key model.encoder.hiden-size (did you mean model.encoder.hidden-size?)", e.getMessage());
        assertEquals("model.encoder.hiden-size", e.key());
    }

    @Test
    void keyAtTheWrongLevelSuggestsTheKeysBelow() {
        ConfigError e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(null, List.of("model.hiden-size=64")));
        assertEquals("unknown key model.hiden-size (did you mean model.caption.hidden-size or model.decoder.hidden-size or model.encoder.hidden-size?)",
                e.getMessage());
    }

    @Test
    void misspeltSectionSuggestsTheFullKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(null, List.of("modle.encoder.layers=2")));
        assertEquals("unknown key modle.encoder.layers (did you mean model.encoder.layers?)", e.getMessage());
    }

    @Test
    void unknownTopLevelSectionListsTheKnownOnes() throws IOException {
        ConfigError e = assertThrows(ConfigError.class,
                () -> AttnsparkConfig.load(recipe("seed = 1\nzzz { q = 1 }\n"), List.of()));
        assertTrue(e.getMessage().contains("line 2: unknown key zzz.q (top-level sections are captions, data, decode, model, quickstart, score, seed, spark, sweep, train)"),
                e.getMessage());
    }

    @Test
    void unknownKeyInARecipeNamesFileAndLine() throws IOException {
        Path file = recipe("train {\n  epochs = 2\n  batch-sise = 32\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(file, List.of()));
        assertEquals(file + " line 3: unknown key train.batch-sise (did you mean train.batch-size?)", e.getMessage());
    }

    @Test
    void recipeThatDoesNotParseNamesFileAndLine() throws IOException {
        Path file = recipe("train {\n  epochs = 2\n  batch-size = [1, \n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(file, List.of()));
        assertTrue(e.getMessage().startsWith("cannot parse " + file + " line "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void missingRecipeIsAnError() {
        ConfigError e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(dir.resolve("nope.conf"), List.of()));
        assertTrue(e.getMessage().contains("nope.conf does not exist"), e.getMessage());
    }

    @Test
    void valuesOfTheWrongKindAreRejected() {
        ConfigError e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(null, List.of("model.encoder.layers=two")));
        assertEquals("model.encoder.layers must be a number (default 1), got 'two'", e.getMessage());
        e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(null, List.of("data.lowercase=maybe")));
        assertEquals("data.lowercase must be true or false (default false), got 'maybe'", e.getMessage());
        e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(null, List.of("model=3")));
        assertEquals("model must be a section { ... }, got 3", e.getMessage());
        e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(null, List.of("seed={a=1}")));
        assertEquals("seed must be a number (default 42), got a section { ... }", e.getMessage());
        e = assertThrows(ConfigError.class, () -> AttnsparkConfig.load(null, List.of("spark.conf.x=[1]")));
        assertTrue(e.getMessage().startsWith("spark.conf.x must be a string, number or boolean, got [1]"), e.getMessage());
    }

    @Test
    void valuesThatConvertAreAccepted() {
        AttnsparkConfig c = AttnsparkConfig.load(null, List.of("model.encoder.layers=\"3\"", "data.lowercase=yes",
                "spark.master=local[4]", "data.normalization=none"));
        assertEquals(3, c.config().getInt("model.encoder.layers"));
        assertTrue(c.config().getBoolean("data.lowercase"));
        assertEquals("local[4]", c.config().getString("spark.master"));
    }

    @Test
    void typedGettersNameKeyValueAndRange() {
        AttnsparkConfig c = AttnsparkConfig.load(null, List.of("model.encoder.layers=0", "model.attention.score=cosine"));
        ConfigSection encoder = c.section("model").section("encoder");
        ConfigError e = assertThrows(ConfigError.class, () -> encoder.getInt("layers", 1, 8));
        assertEquals("model.encoder.layers=0 is outside [1, 8]", e.getMessage());
        e = assertThrows(ConfigError.class, () -> c.section("model.attention").getChoice("score", List.of("dot", "general")));
        assertEquals("model.attention.score=cosine is not one of dot, general", e.getMessage());
    }

    @Test
    void substitutionsInRecipesResolveAgainstTheDefaults() throws IOException {
        AttnsparkConfig c = AttnsparkConfig.load(recipe("model.decoder.hidden-size = ${model.encoder.hidden-size}\n"
                + "model.encoder.hidden-size = 96\n"), List.of());
        assertEquals(96, c.config().getInt("model.decoder.hidden-size"));
    }

    @Test
    void withOverridesLayersOnTop() {
        AttnsparkConfig c = AttnsparkConfig.load(null, List.of("train.epochs=3")).withOverrides(List.of("decode.beam=1"));
        assertEquals(3, c.config().getInt("train.epochs"));
        assertEquals(1, c.config().getInt("decode.beam"));
    }
}
