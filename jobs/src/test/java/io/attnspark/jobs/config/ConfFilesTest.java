package io.attnspark.jobs.config;

import io.attnspark.config.AttnsparkConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file under conf/ (defaults and recipes) loads over the defaults, passes the unknown-key check
 * and is read by every section record registered in {@link ConfigSchema#SECTIONS}; and it round-trips
 * through its rendering. A new section record is one line in ConfigSchema, and is checked here then.
 */
class ConfFilesTest {
    static Path confDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("conf/defaults.conf"))) {
                return p.resolve("conf");
            }
        }
        throw new IllegalStateException("no conf/defaults.conf above " + Path.of("").toAbsolutePath());
    }

    static List<Path> confFiles() throws IOException {
        try (Stream<Path> files = Files.walk(confDir())) {
            return files.filter(f -> f.toString().endsWith(".conf")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void confHoldsTheDefaults() throws IOException {
        assertTrue(confFiles().contains(confDir().resolve("defaults.conf")), confFiles().toString());
    }

    @ParameterizedTest
    @MethodSource("confFiles")
    void loadsValidatesAndRoundTrips(Path file) {
        AttnsparkConfig config = AttnsparkConfig.load(file, List.of());
        ConfigSchema.validate(config);
        assertEquals(config, AttnsparkConfig.parse(config.render(), file + " rendered"));
    }

    @Test
    void everyRegisteredSectionExistsInTheDefaults() {
        assertFalse(ConfigSchema.SECTIONS.isEmpty());
        for (ConfigSchema.Section section : ConfigSchema.SECTIONS) {
            assertTrue(AttnsparkConfig.defaults().config().hasPath(section.path()), section.path());
        }
    }
}
