package io.attnspark.jobs.spark;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.config.ConfigError;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkSettingsTest {
    private static SparkSettings load(String... overrides) {
        return SparkSettings.from(AttnsparkConfig.load(null, List.of(overrides)));
    }

    @Test
    void defaultsAreReadFromDefaultsConf() {
        SparkSettings s = load();
        assertEquals("local[2]", s.master());
        assertEquals(2, s.workers());
        assertEquals(5, s.averagingFrequency());
        assertEquals(2, s.prefetchBatches());
        assertEquals(SparkSettings.Approach.DIRECT, s.approach());
        assertEquals(SparkSettings.Repartition.WHEN_PARTITIONS_DIFFER, s.repartition());
        assertEquals("org.nd4j.kryo.Nd4jRegistrator", s.conf().get("spark.kryo.registrator"));
    }

    @Test
    void roundTripsThroughHocon() {
        SparkSettings s = load("spark.approach=export", "spark.workers=4", "spark.repartition=always",
                "spark.conf.\"spark.executor.memory\"=2g");
        assertEquals(s, SparkSettings.from(AttnsparkConfig.parse(s.toHocon(), "test")));
    }

    @Test
    void valuesAreValidatedWithKeyValueAndRange() {
        assertEquals("spark.workers=0 is outside [1, 100000]",
                assertThrows(ConfigError.class, () -> load("spark.workers=0")).getMessage());
        assertEquals("spark.approach=sideways is not one of direct, export",
                assertThrows(ConfigError.class, () -> load("spark.approach=sideways")).getMessage());
        assertEquals("spark.repartition=sometimes is not one of never, always, when-partitions-differ",
                assertThrows(ConfigError.class, () -> load("spark.repartition=sometimes")).getMessage());
        assertEquals("spark.prefetch-batches=-1 is outside [0, 10000]",
                assertThrows(ConfigError.class, () -> load("spark.prefetch-batches=-1")).getMessage());
        ConfigError e = assertThrows(ConfigError.class, () -> load("spark.conf.\"spark.master\"=local"));
        assertTrue(e.getMessage().startsWith("spark.conf.\"spark.master\" is not allowed"), e.getMessage());
    }

    @Test
    void masterOverrideBeatsSparkSubmitWhichBeatsTheConfig() {
        SparkSettings s = load();
        assertEquals("local[1]", SparkSessions.chooseMaster(s, "local[1]", "spark://h:7077"));
        assertEquals("spark://h:7077", SparkSessions.chooseMaster(s, null, "spark://h:7077"));
        assertEquals("local[2]", SparkSessions.chooseMaster(s, null, null));
    }

    @Test
    void sparkConfCarriesTheConfMapAndLoopbackForLocalMasters() {
        SparkConf conf = SparkSessions.sparkConf(load("spark.conf.\"spark.executor.memory\"=3g"), "attnspark test", null);
        assertEquals("local[2]", conf.get("spark.master"));
        assertEquals("attnspark test", conf.get("spark.app.name"));
        assertEquals("3g", conf.get("spark.executor.memory"));
        assertEquals("127.0.0.1", conf.get("spark.driver.host"));
        assertFalse(conf.contains("spark.executorEnv.OMP_NUM_THREADS"), "local workers share the driver's threads");
        SparkConf cluster = SparkSessions.sparkConf(load(), "x", "spark://cluster.example.org:7077");
        assertFalse(cluster.contains("spark.driver.host"));
        assertEquals("1", cluster.get("spark.executorEnv.OMP_NUM_THREADS"), "one native thread per executor task");
        SparkConf chosen = SparkSessions.sparkConf(load("spark.conf.\"spark.executorEnv.OMP_NUM_THREADS\"=4"), "x",
                "spark://cluster.example.org:7077");
        assertEquals("4", chosen.get("spark.executorEnv.OMP_NUM_THREADS"));
    }

    @Test
    void aStandaloneMasterOnLoopbackBindsTheDriverThereToo() {
        SparkConf conf = SparkSessions.sparkConf(load(), "x", "spark://127.0.0.1:7077");
        assertEquals("127.0.0.1", conf.get("spark.driver.host"));
        assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
        for (String loopback : List.of("spark://localhost:7077", "spark://127.0.1.1:1", "spark://[::1]:7077",
                "spark://127.0.0.1:7077,127.0.0.1:7078")) {
            assertTrue(SparkSessions.isLoopbackStandalone(loopback), loopback);
        }
        for (String remote : List.of("spark://10.0.0.1:7077", "spark://127.0.0.1:7077,10.0.0.2:7077", "spark://h:1",
                "yarn", "local[2]", "spark://[::2]:7077", "spark://127.0.0.1.example.org:7077")) {
            assertFalse(SparkSessions.isLoopbackStandalone(remote), remote);
        }
    }

    @Test
    void localMasters() {
        assertTrue(SparkSettings.isLocal("local"));
        assertTrue(SparkSettings.isLocal("local[*]"));
        assertFalse(SparkSettings.isLocal("spark://h:1"));
        assertEquals(Map.of(), new SparkSettings("local", 1, 1, 0, SparkSettings.Approach.DIRECT,
                SparkSettings.Repartition.NEVER, Map.of()).conf());
    }
}
