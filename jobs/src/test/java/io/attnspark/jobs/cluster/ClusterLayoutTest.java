package io.attnspark.jobs.cluster;

import io.attnspark.jobs.Main;
import io.attnspark.jobs.cli.CommandFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterLayoutTest {
    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void jarsAreLinkedClassDirectoriesGoOnTheDistClasspath() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("m2/a"));
        Path b = Files.createDirectories(tmp.resolve("m2/b"));
        Path jarA = Files.writeString(a.resolve("core-1.0.jar"), "a");
        Path jarB = Files.writeString(b.resolve("core-1.0.jar"), "b");
        Path other = Files.writeString(a.resolve("notes.txt"), "not a jar");
        Path classes = Files.createDirectories(tmp.resolve("target/classes"));
        ClusterLayout layout = new ClusterLayout(tmp.resolve("cluster"));

        ClusterLayout.Contents contents = layout.build(List.of(jarA, classes, jarB, other, tmp.resolve("missing.jar")),
                List.of("-Djava.io.tmpdir=/t", "-Dorg.bytedeco.javacpp.cachedir=/with space/x"));

        assertEquals(new ClusterLayout.Contents(2, List.of(classes)), contents);
        assertEquals(List.of("2-core-1.0.jar", "core-1.0.jar"), names(layout.jars()));
        assertEquals(jarA, Files.readSymbolicLink(layout.jars().resolve("core-1.0.jar")));
        assertEquals(jarB, Files.readSymbolicLink(layout.jars().resolve("2-core-1.0.jar")));
        assertEquals("", Files.readString(layout.home().resolve(ClusterLayout.RELEASE)), "an empty RELEASE file");
        assertEquals("-Djava.io.tmpdir=/t \"-Dorg.bytedeco.javacpp.cachedir=/with space/x\"\n",
                Files.readString(layout.conf().resolve("java-opts")));
        for (Path dir : List.of(layout.logs(), layout.work(), layout.local(), layout.tmp())) {
            assertTrue(Files.isDirectory(dir), dir.toString());
        }
        assertEquals(layout.jars() + "/*", layout.daemonClasspath());

        Map<String, String> env = layout.environment(contents);
        assertEquals(layout.home().toString(), env.get("SPARK_HOME"));
        assertEquals(layout.conf().toString(), env.get("SPARK_CONF_DIR"));
        assertEquals("127.0.0.1", env.get("SPARK_LOCAL_IP"));
        assertEquals("2.12", env.get("SPARK_SCALA_VERSION"));
        assertEquals(layout.local().toString(), env.get("SPARK_LOCAL_DIRS"));
        assertEquals(classes.toString(), env.get("SPARK_DIST_CLASSPATH"));
        assertEquals(System.getProperty("java.home"), env.get("JAVA_HOME"));

        layout.build(List.of(jarB), List.of());
        assertEquals(List.of("core-1.0.jar"), names(layout.jars()), "a new start replaces the links of the last one");
        assertEquals(jarB, Files.readSymbolicLink(layout.jars().resolve("core-1.0.jar")));
        assertEquals("\n", Files.readString(layout.conf().resolve("java-opts")));
    }

    @Test
    void onlyANewAnEmptyOrAClusterDirectoryIsUsed() throws Exception {
        assertDoesNotThrow(() -> new ClusterLayout(tmp.resolve("new")).checkUsable());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertDoesNotThrow(() -> new ClusterLayout(empty).checkUsable());
        Path cluster = Files.createDirectories(tmp.resolve("cluster"));
        Files.writeString(cluster.resolve(ClusterLayout.RELEASE), "");
        Files.writeString(cluster.resolve("other"), "x");
        assertDoesNotThrow(() -> new ClusterLayout(cluster).checkUsable());

        Path someones = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(someones.resolve("thesis.tex"), "x");
        assertEquals("--dir " + someones + " is neither empty nor a cluster directory (no RELEASE file): choose a new or "
                + "empty directory", assertThrows(CommandFailure.class, () -> new ClusterLayout(someones).checkUsable()).getMessage());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals("--dir " + file + " is not a directory",
                assertThrows(CommandFailure.class, () -> new ClusterLayout(file).checkUsable()).getMessage());
    }

    @Test
    void theRuntimeClasspathHoldsTheAttnsparkClasses() throws Exception {
        Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classpath = ClusterLayout.runtimeClasspath();
        assertTrue(classpath.contains(location), classpath.toString());
        assertEquals(classpath.size(), classpath.stream().distinct().count());
        assertFalse(classpath.isEmpty());
    }
}
