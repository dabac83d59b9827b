package io.attnspark.jobs.cluster;

import io.attnspark.jobs.Main;
import io.attnspark.jobs.cli.CommandFailure;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cluster directory, laid out as a SPARK_HOME built from Maven jars alone: {@code jars/} holds a
 * symbolic link to every jar of the runtime classpath (Spark, DL4J, the ND4J natives and the project's own
 * modules), an empty {@code RELEASE} file makes Spark's launcher take {@code jars/} as its library
 * directory, and {@code conf/java-opts} gives every executor JVM the JavaCPP cache and temporary directory.
 * Class directories of the classpath (such as {@code jobs/target/classes}) cannot be links in
 * {@code jars/}; they reach the executors through {@code SPARK_DIST_CLASSPATH}, which Spark's launcher
 * appends to the executor classpath. Beside it: {@code logs/}, {@code work/} (executor directories),
 * {@code local/} (SPARK_LOCAL_DIRS), {@code tmp/} and {@code cluster.json}.
 *
 * @param home the cluster directory (absolute)
 */
public record ClusterLayout(Path home) {
    /** The file whose presence marks a SPARK_HOME, and a directory as one this command may reuse. */
    public static final String RELEASE = "RELEASE";

    public ClusterLayout {
        home = home.toAbsolutePath().normalize();
    }

    public Path jars() {
        return home.resolve("jars");
    }

    public Path conf() {
        return home.resolve("conf");
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path work() {
        return home.resolve("work");
    }

    public Path local() {
        return home.resolve("local");
    }

    public Path tmp() {
        return home.resolve("tmp");
    }

    /** The classpath of the master and worker JVMs: every jar in {@code jars/}. */
    public String daemonClasspath() {
        return jars() + File.separator + "*";
    }

    /**
     * Fails unless the directory is usable for a cluster: absent, empty, or a cluster directory already
     * (it has {@code RELEASE}). Anything else might be someone's files, and start rewrites {@code jars/}.
     */
    public void checkUsable() {
        if (!Files.exists(home) || Files.exists(home.resolve(RELEASE))) {
            return;
        }
        if (!Files.isDirectory(home)) {
            throw new CommandFailure("--dir " + home + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(home)) {
            if (entries.findAny().isPresent()) {
                throw new CommandFailure("--dir " + home + " is neither empty nor a cluster directory (no " + RELEASE
                        + " file): choose a new or empty directory");
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot list --dir " + home + ": " + e.getMessage(), e);
        }
    }

    /**
     * (Re)creates the layout for {@code classpath}: {@code jars/} is emptied and filled with links to its jars
     * (a clash of file names gets a numbered prefix), missing entries are skipped.
     *
     * @param executorOptions JVM options for every executor, written to {@code conf/java-opts}
     * @return the jars linked and the class directories, which {@link #environment} puts on
     * {@code SPARK_DIST_CLASSPATH}
     */
    public Contents build(List<Path> classpath, List<String> executorOptions) {
        try {
            for (Path dir : List.of(home, jars(), conf(), logs(), work(), local(), tmp())) {
                Files.createDirectories(dir);
            }
            try (Stream<Path> old = Files.list(jars())) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            Set<String> names = new HashSet<>();
            List<Path> directories = new ArrayList<>();
            int jars = 0;
            for (Path entry : classpath) {
                if (Files.isDirectory(entry)) {
                    directories.add(entry);
                } else if (Files.isRegularFile(entry) && entry.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")) {
                    String name = entry.getFileName().toString();
                    for (int i = 2; !names.add(name); i++) {
                        name = i + "-" + entry.getFileName();
                    }
                    Files.createSymbolicLink(jars().resolve(name), entry.toAbsolutePath());
                    jars++;
                }
            }
            Files.writeString(home.resolve(RELEASE), "", StandardCharsets.UTF_8);
            Files.writeString(conf().resolve("java-opts"), javaOpts(executorOptions), StandardCharsets.UTF_8);
            return new Contents(jars, List.copyOf(directories));
        } catch (IOException e) {
            throw new CommandFailure("cannot lay out the cluster directory " + home + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #build} put in place.
     *
     * @param jars        jars linked in {@code jars/}
     * @param directories class directories of the classpath (not linkable as jars)
     */
    public record Contents(int jars, List<Path> directories) {
    }

    /** The environment of the master and worker processes (executors inherit it from their worker). */
    public Map<String, String> environment(Contents contents) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_CONF_DIR", conf().toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_DIRS", local().toString());
        env.put("SPARK_DIST_CLASSPATH", String.join(File.pathSeparator,
                contents.directories().stream().map(Path::toString).toList()));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /**
     * The runtime classpath of this JVM ({@code java.class.path}: under bin/attnspark, the launcher's
     * classpath file), plus the location of the attnspark classes if they were loaded from elsewhere
     * (as under spark-submit, where the application jar is not on {@code java.class.path}).
     */
    public static List<Path> runtimeClasspath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
            try {
                entries.add(Path.of(source.getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException("the location of the attnspark classes is not a path: "
                        + source.getLocation(), e);
            }
        }
        return List.copyOf(entries);
    }

    /** The {@code java-opts} file: options separated by spaces, an option holding whitespace in double quotes. */
    static String javaOpts(List<String> options) {
        List<String> quoted = new ArrayList<>();
        for (String o : options) {
            quoted.add(o.chars().anyMatch(Character::isWhitespace)
                    ? '"' + o.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : o);
        }
        return String.join(" ", quoted) + "\n";
    }
}
