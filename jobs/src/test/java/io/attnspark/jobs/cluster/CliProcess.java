package io.attnspark.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * bin/attnspark started as a user starts it (a process of its own, with the IT's JVM as JAVA_HOME and no
 * build), its stdout and stderr going to files in {@code dir}; for the fault tests, which watch a run's
 * progress and kill processes in the middle of it.
 */
final class CliProcess {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private final Process process;
    private final Path out;
    private final Path err;
    private final List<String> command;

    private CliProcess(Process process, Path out, Path err, List<String> command) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.command = command;
    }

    static CliProcess start(Path dir, String heap, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("bin/attnspark").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("ATTNSPARK_NO_BUILD", "1");
        builder.environment().put("ATTNSPARK_JAVA_OPTS", heap);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        p.getOutputStream().close();
        return new CliProcess(p, out, err, command);
    }

    /** Runs to the end (or fails the test after {@code timeoutSeconds}, killing the run). */
    static CliProcess run(Path dir, String heap, long timeoutSeconds, String... args) throws Exception {
        CliProcess p = start(dir, heap, args);
        p.waitFor(timeoutSeconds);
        return p;
    }

    void waitFor(long timeoutSeconds) throws Exception {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
            fail("timed out after " + timeoutSeconds + " s: " + command + "\n" + this);
        }
    }

    /** Waits until a line of stdout matches (or the process ends, or the time is up: then fails). */
    String awaitLine(Predicate<String> wanted, long timeoutSeconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < end) {
            for (String line : Files.readAllLines(out)) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                fail("ended before the awaited line: " + command + "\n" + this);
            }
            Thread.sleep(100);
        }
        kill();
        fail("no awaited line after " + timeoutSeconds + " s: " + command + "\n" + this);
        return null;
    }

    /** SIGKILL to the launcher and every process it started (the JVM), as a crash or `kill -9` would do. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int exit() {
        return process.exitValue();
    }

    String out() throws IOException {
        return Files.readString(out);
    }

    List<String> lines() throws IOException {
        return out().lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
        try {
            String e = Files.readString(err);
            String tail = e.length() > 4000 ? "..." + e.substring(e.length() - 4000) : e;
            return (process.isAlive() ? "running" : "exit " + process.exitValue()) + "\n--- stdout\n" + Files.readString(out)
                    + "--- stderr (tail)\n" + tail;
        } catch (IOException ex) {
            return "(output unreadable: " + ex.getMessage() + ")";
        }
    }
}
