package io.attnspark.jobs.sweep;

import com.typesafe.config.ConfigFactory;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchSpaceTest {

    static SearchSpace space(String hocon) {
        return SearchSpace.parse(ConfigSection.of(ConfigFactory.parseString("space = " + hocon), "").getObjectList("space"));
    }

    @Test
    void gridIsTheCartesianProductFirstDimensionSlowest() {
        SearchSpace s = space("[{ key = train.batch-size, grid = [16, 32] }, { key = model.attention.score, grid = [dot, general, additive] }]");
        assertEquals(6, s.gridSize());
        assertTrue(s.isGridOnly());
        List<Map<String, Object>> t = s.trials(6, 1);
        assertEquals(List.of(16, 16, 16, 32, 32, 32), t.stream().map(m -> m.get("train.batch-size")).toList());
        assertEquals(List.of("dot", "general", "additive", "dot", "general", "additive"),
                t.stream().map(m -> m.get("model.attention.score")).toList());
        assertEquals(t.subList(0, 2), s.trials(8, 1).subList(6, 8), "more trials than grid points cycle through the grid");
    }

    @Test
    void logUniformAndIntStayWithinBoundsAndAreSeeded() {
        SearchSpace s = space("[{ key = train.learning-rate, log-uniform = [0.0001, 0.1] }, { key = model.encoder.layers, int = [1, 3] },"
                + " { key = model.dropout, uniform = [0.0, 0.5] }, { key = model.attention.type, choices = [global, local] }]");
        List<Map<String, Object>> a = s.trials(400, 7);
        int belowGeometricMean = 0;
        java.util.Set<Object> ints = new java.util.TreeSet<>();
        for (Map<String, Object> m : a) {
            double lr = (Double) m.get("train.learning-rate");
            assertTrue(lr >= 0.0001 && lr <= 0.1, "learning rate " + lr);
            belowGeometricMean += lr < Math.sqrt(0.0001 * 0.1) ? 1 : 0;
            long layers = (Long) m.get("model.encoder.layers");
            assertTrue(layers >= 1 && layers <= 3);
            ints.add(layers);
            double dropout = (Double) m.get("model.dropout");
            assertTrue(dropout >= 0 && dropout <= 0.5);
        }
        // log-uniform: about half the draws below the geometric mean of the bounds (a uniform draw: about 3%)
        assertTrue(belowGeometricMean > 150 && belowGeometricMean < 250, "below sqrt(low*high): " + belowGeometricMean);
        assertEquals(java.util.Set.of(1L, 2L, 3L), ints, "both ends of an int range are drawn");
        assertEquals(a, s.trials(400, 7), "same seed, same trials");
        assertNotEquals(a, s.trials(400, 8), "another seed, other trials");
    }

    @Test
    void malformedDimensionsNameTheEntry() {
        assertEquals("sweep.space[0] (train.learning-rate) must have exactly one of grid, choices, uniform, log-uniform, int "
                        + "beside key, got grid, uniform",
                assertThrows(ConfigError.class, () -> space("[{ key = train.learning-rate, grid = [1], uniform = [0, 1] }]")).getMessage());
        assertEquals("sweep.space[0] (train.learning-rate): log-uniform needs low > 0, got 0",
                assertThrows(ConfigError.class, () -> space("[{ key = train.learning-rate, log-uniform = [0, 1] }]")).getMessage());
        assertEquals("sweep.space[1] (model.dropout): uniform = [0.5, 0.1] needs low < high",
                assertThrows(ConfigError.class, () -> space("[{ key = seed, grid = [1, 2] }, { key = model.dropout, uniform = [0.5, 0.1] }]")).getMessage());
        assertTrue(assertThrows(ConfigError.class, () -> space("[{ grid = [1] }]")).getMessage().startsWith("sweep.space[0] needs key = "));
        assertEquals("sweep.space[0] (seed): grid is empty", assertThrows(ConfigError.class, () -> space("[{ key = seed, grid = [] }]")).getMessage());
        assertEquals("sweep.space cannot search sweep.trials (the sweep's own settings)",
                assertThrows(ConfigError.class, () -> space("[{ key = sweep.trials, grid = [1, 2] }]")).getMessage());
    }

    @Test
    void unknownKeysAndBadValuesFailThroughTheConfigSchema() {
        AttnsparkConfig base = AttnsparkConfig.defaults();
        ConfigError unknown = assertThrows(ConfigError.class,
                () -> space("[{ key = train.learning-rat, log-uniform = [0.001, 0.01] }]").check(base));
        assertEquals("sweep.space[0] (train.learning-rat): unknown key train.learning-rat (did you mean train.learning-rate?)",
                unknown.getMessage());
        assertEquals("train.learning-rat", unknown.key());
        ConfigError badChoice = assertThrows(ConfigError.class,
                () -> space("[{ key = model.attention.score, choices = [general, cosine] }]").check(base));
        assertTrue(badChoice.getMessage().startsWith("sweep.space[0] (model.attention.score): ")
                && badChoice.getMessage().contains("cosine"), badChoice.getMessage());
        ConfigError outOfRange = assertThrows(ConfigError.class,
                () -> space("[{ key = model.dropout, uniform = [0.1, 1.5] }]").check(base));
        assertTrue(outOfRange.getMessage().contains("model.dropout") && outOfRange.getMessage().contains("1.5"), outOfRange.getMessage());
        space("[{ key = train.learning-rate, log-uniform = [0.001, 0.01] }, { key = model.encoder.layers, int = [1, 2] }]").check(base);
    }

    @Test
    void theSweepRecipeLoadsAndItsSpaceChecks() {
        java.nio.file.Path recipe = java.nio.file.Path.of("").toAbsolutePath().getParent()
                .resolve("conf/recipes/sweep-quickstart.conf");
        AttnsparkConfig config = AttnsparkConfig.load(recipe, List.of());
        SweepSettings s = SweepSettings.fromConfig(config.section("sweep"));
        s.space().check(config);
        assertTrue(s.trialCount() >= 8);
        assertEquals(4, config.config().getInt("train.epochs"));
        assertEquals(List.of(1, 2, 4), new Halving(s.minEpochs(), s.reduction(), 4).rungs());
    }
}
