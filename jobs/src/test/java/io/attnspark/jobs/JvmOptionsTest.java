package io.attnspark.jobs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/attnspark takes its JVM options from conf/jvm.options; surefire takes them from the parent pom's
 * attnspark.jvm.opens. This test JVM was started by surefire, so comparing its arguments with the file
 * keeps the two lists equal.
 */
class JvmOptionsTest {
    private static List<String> jvmOptionsFile() throws IOException {
        Path file = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && file == null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("conf/jvm.options"))) {
                file = p.resolve("conf/jvm.options");
            }
        }
        assertTrue(file != null, "conf/jvm.options not found above " + Path.of("").toAbsolutePath());
        return Files.readAllLines(file).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
    }

    private static Set<String> addOpens(List<String> options) {
        return options.stream().filter(o -> o.startsWith("--add-opens")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theTestJvmGotExactlyTheAddOpensOfTheLauncher() throws IOException {
        List<String> launcher = jvmOptionsFile();
        List<String> running = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertFalse(addOpens(launcher).isEmpty(), "conf/jvm.options lists no --add-opens");
        assertEquals(addOpens(launcher), addOpens(running),
                "conf/jvm.options and the parent pom's attnspark.jvm.opens differ");
    }

    @Test
    void theOtherFlagsOfSparksListAreInBoth() throws IOException {
        List<String> launcher = jvmOptionsFile();
        List<String> running = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String flag : List.of("-XX:+IgnoreUnrecognizedVMOptions", "-Djdk.reflect.useDirectMethodHandle=false")) {
            assertTrue(launcher.contains(flag), "conf/jvm.options lacks " + flag);
            assertTrue(running.contains(flag), "the test JVM lacks " + flag);
        }
    }

    @Test
    void everyLineIsOneJvmOption() throws IOException {
        for (String line : jvmOptionsFile()) {
            assertTrue(line.startsWith("-") && !line.contains(" "), "not one JVM option: '" + line + "'");
        }
    }
}
