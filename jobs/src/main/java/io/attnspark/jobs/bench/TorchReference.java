package io.attnspark.jobs.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the PyTorch reference benchmark script ({@code python script --threads T --steps S --models a,b})
 * as a child process and collects its {@code <model> <phase> <tokens_per_s>} lines. When the interpreter,
 * the script or PyTorch itself is missing, {@link Outcome#unavailable()} says why instead of failing.
 */
public final class TorchReference {
    private final Path python;
    private final Path script;
    private final long timeoutSeconds;

    /**
     * @param python         the interpreter, for example {@code /usr/bin/python3}
     * @param script         the reference script
     * @param timeoutSeconds the longest the script may run before it is stopped
     */
    public TorchReference(Path python, Path script, long timeoutSeconds) {
        this.python = python;
        this.script = script;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** What the reference run gave: measurements, or the reason there are none. */
    public record Outcome(List<BenchLine> lines, String unavailable) {
        public boolean available() {
            return unavailable == null;
        }
    }

    /**
     * Runs the script for {@code models} with {@code threads} threads and {@code steps} timed training steps;
     * {@code echo} receives every line the script prints (stdout and stderr merged).
     */
    public Outcome run(List<String> models, int threads, int steps, Consumer<String> echo)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(python)) {
            return new Outcome(List.of(), "no Python interpreter at " + python + " (give --python PATH)");
        }
        if (!Files.isRegularFile(script)) {
            return new Outcome(List.of(), "no PyTorch reference script at " + script.toAbsolutePath().normalize()
                    + " (give --torch PATH)");
        }
        List<String> cmd = List.of(python.toString(), script.toString(), "--threads", Integer.toString(threads),
                "--steps", Integer.toString(steps), "--models", String.join(",", models));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<BenchLine> lines = new ArrayList<>();
        String[] lastOther = {null};
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    echo.accept(line);
                    BenchLine b = BenchLine.parse(line);
                    synchronized (lines) {
                        if (b != null) {
                            lines.add(b);
                        } else if (!line.isBlank()) {
                            lastOther[0] = line.trim();
                        }
                    }
                }
            } catch (IOException e) {
                synchronized (lines) {
                    lastOther[0] = "reading its output failed: " + e.getMessage();
                }
            }
        }, "torch-reference-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(1000);
            synchronized (lines) {
                return new Outcome(List.copyOf(lines), "the PyTorch reference did not finish within "
                        + timeoutSeconds + " s");
            }
        }
        reader.join();
        int exit = p.exitValue();
        if (exit != 0 && lines.isEmpty()) {
            String why = lastOther[0] == null ? "no output" : lastOther[0];
            if (why.contains("No module named 'torch'")) {
                why = "PyTorch is not installed for " + python + " (" + why + ")";
            }
            return new Outcome(List.of(), "the PyTorch reference failed with exit code " + exit + ": " + why);
        }
        return new Outcome(lines, exit == 0 ? null : "the PyTorch reference stopped with exit code " + exit
                + " after " + lines.size() + " measurements: " + lastOther[0]);
    }
}
