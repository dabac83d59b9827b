package io.attnspark.jobs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar for clusters (built in the package phase): what is in it, what is not, and that it
 * starts with only Spark's jars beside it, as under spark-submit.
 */
class ShadedJarIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static Path jar;

    @BeforeAll
    static void findJar() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().matches("attnspark-jobs-.*-all\\.jar")).toList();
            assertEquals(1, all.size(), "expected one shaded jar in " + TARGET + ", found " + all);
            jar = all.get(0);
        }
    }

    @Test
    void holdsTheApplicationNativesAndDefaultsButNotSpark() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("io.attnspark.jobs.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String present : List.of("io/attnspark/jobs/Main.class", "io/attnspark/config/AttnsparkConfig.class",
                    "attnspark/conf/defaults.conf", "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend",
                    "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class", "picocli/CommandLine.class",
                    "org/deeplearning4j/spark/impl/graph/SparkComputationGraph.class")) {
                assertNotNull(j.getEntry(present), present + " missing");
            }
            List<String> names = j.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertTrue(names.stream().anyMatch(n -> n.contains("linux-x86_64/") && n.endsWith(".so")), "no linux-x86_64 natives");
            for (String prefix : List.of("org/apache/spark/SparkContext", "scala/", "org/apache/hadoop/")) {
                assertFalse(names.stream().anyMatch(n -> n.startsWith(prefix)), prefix + " must be provided by the cluster");
            }
            assertFalse(names.stream().anyMatch(n -> n.matches("META-INF/[^/]*\\.(SF|DSA|RSA|EC)")), "signature files left");
            assertFalse(names.stream().anyMatch(n -> n.contains("windows-x86_64/") || n.contains("macosx-x86_64/")),
                    "natives of other platforms");
        }
    }

    @Test
    void nd4jFindsItsBackendThroughTheMergedServiceFile() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> backend = Class.forName("org.nd4j.linalg.factory.Nd4jBackend", false, loader);
            List<String> providers = ServiceLoader.load(backend, loader).stream().map(p -> p.type().getName()).toList();
            assertTrue(providers.contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend"), providers.toString());
        }
    }

    @Test
    void startsWithOnlySparksJarsBesideIt() throws Exception {
        String provided = Files.readString(TARGET.resolve("classpath/provided.classpath")).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", jar + File.pathSeparator + provided, "io.attnspark.jobs.Main"));
        assertTrue(run(command, "--help").contains("Usage: attnspark [-hV] [COMMAND]"));
        assertTrue(run(command, "--version").startsWith("attnspark "));
        assertTrue(run(command, "train", "--help").contains("--data=PREP_DIR"));
    }

    private static List<String> jvmOptions() throws IOException {
        Path file = TARGET.getParent().getParent().resolve("conf/jvm.options");
        return Files.readAllLines(file).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("-Xmx")).toList();
    }

    private static String run(List<String> base, String... args) throws Exception {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
