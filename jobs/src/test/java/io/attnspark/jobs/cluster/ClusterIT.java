package io.attnspark.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real multi-JVM cluster through bin/attnspark, as a user runs it: {@code cluster start} with two
 * workers, the miniature quickstart with {@code --master} pointing at it (prep and parameter-averaging
 * training in executor JVMs), {@code cluster status}, {@code cluster stop}. Checks that the model was
 * written, that tasks ran in two executors, each its own JVM on its own worker, and that every process is
 * gone afterwards; the finally block stops the cluster (and kills by PID whatever survives) even when an
 * assertion fails.
 */
class ClusterIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MASTER_LINE = Pattern.compile("cluster: (spark://127\\.0\\.0\\.1:\\d+) \\(2 workers x 1 core\\)");
    private static final Pattern EXECUTOR_PID = Pattern.compile("Started daemon with process name: (\\d+)@");

    @TempDir
    Path tmp;

    /** One finished run of bin/attnspark. */
    private record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            String tail = err.length() > 4000 ? "..." + err.substring(err.length() - 4000) : err;
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr (tail)\n" + tail;
        }
    }

    private Run attnspark(String heap, long timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("bin/attnspark").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("ATTNSPARK_NO_BUILD", "1");
        builder.environment().put("ATTNSPARK_JAVA_OPTS", heap);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void trainsOnATwoWorkerClusterAndLeavesNoProcessBehind() throws Exception {
        Path dir = tmp.resolve("cluster");
        Path events = Files.createDirectories(tmp.resolve("events"));
        Path qs = tmp.resolve("qs");
        List<ClusterProcess> recorded = new ArrayList<>();
        try {
            Run start = attnspark("-Xmx512m", 180, "cluster", "start", "--dir", dir.toString(), "--workers", "2",
                    "--cores", "1", "--memory", "1g", "--pin");
            ClusterState.read(dir).ifPresent(s -> recorded.addAll(s.processes()));
            assertEquals(0, start.exit(), start.toString());
            List<Integer> allowed = ClusterLauncher.allowedCpus();
            for (int w = 1; w <= 2; w++) {
                ClusterProcess worker = recorded.get(w);
                assertEquals(List.of(allowed.get((w - 1) % allowed.size())), cpusOf(worker.pid()),
                        worker.role() + " is pinned to its own CPU");
            }
            Matcher url = MASTER_LINE.matcher(start.lines().get(start.lines().size() - 1));
            assertTrue(url.matches(), start.toString());
            assertEquals(List.of("master", "worker-1", "worker-2"), recorded.stream().map(ClusterProcess::role).toList());

            Run status = attnspark("-Xmx512m", 60, "cluster", "status", "--dir", dir.toString());
            assertEquals(0, status.exit(), status.toString());
            assertEquals(3, status.lines().stream().filter(l -> l.matches("(master|worker-\\d) +pid \\d+ +running .*")).count(),
                    status.toString());
            assertEquals("cluster: " + url.group(1) + " (2 of 2 workers alive)", status.lines().get(3));

            Run quickstart = attnspark("-Xmx2g", 360, "quickstart", "--master", url.group(1), "--out", qs.toString(),
                    "quickstart.train-pairs=400", "quickstart.valid-pairs=30", "quickstart.test-pairs=30",
                    "train.epochs=2", "train.batch-size=32", "model.embedding-size=32", "model.encoder.hidden-size=32",
                    "model.decoder.hidden-size=64", "model.attentional-size=64", "decode.beam=2",
                    "spark.conf.\"spark.sql.shuffle.partitions\"=2", "spark.conf.\"spark.eventLog.enabled\"=true",
                    "spark.conf.\"spark.eventLog.dir\"=" + events.toUri());
            assertEquals(0, quickstart.exit(), quickstart.toString());
            assertTrue(quickstart.lines().get(quickstart.lines().size() - 1).startsWith("quickstart: BLEU="), quickstart.toString());
            assertTrue(quickstart.out().contains("train: epoch 2/2"), quickstart.toString());
            for (String file : List.of("model/model.zip", "model/best.zip", "model/model.json", "model/metrics.jsonl",
                    "prep/manifest.json", "test.hyp")) {
                assertTrue(Files.isRegularFile(qs.resolve(file)), file + " written");
            }
            assertEquals(2, Files.readAllLines(qs.resolve("model/metrics.jsonl")).size());

            Map<String, Integer> tasksByExecutor = tasksByExecutor(events);
            assertEquals(new TreeSet<>(List.of("0", "1")), new TreeSet<>(tasksByExecutor.keySet()),
                    "tasks ran in both executors: " + tasksByExecutor);
            assertTrue(tasksByExecutor.values().stream().allMatch(n -> n > 10), tasksByExecutor.toString());
            Map<String, Long> executorPids = executorPids(dir.resolve("work"));
            assertEquals(tasksByExecutor.keySet(), executorPids.keySet());
            assertNotEquals(executorPids.get("0"), executorPids.get("1"), "two executor JVMs");
            for (long pid : executorPids.values()) {
                assertTrue(recorded.stream().noneMatch(p -> p.pid() == pid), "an executor is a JVM of its own");
            }

            Run stop = attnspark("-Xmx512m", 120, "cluster", "stop", "--dir", dir.toString());
            assertEquals(0, stop.exit(), stop.toString());
            assertTrue(stop.lines().get(stop.lines().size() - 1)
                    .matches("cluster: stopped spark://127\\.0\\.0\\.1:\\d+ \\(3 processes\\)"), stop.toString());
            for (ClusterProcess p : recorded) {
                assertTrue(p.running().isEmpty(), p.role() + " (pid " + p.pid() + ") still runs after cluster stop");
            }
            for (long pid : executorPids.values()) {
                assertTrue(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().commandLine())
                        .filter(c -> c.contains("CoarseGrainedExecutorBackend")).isEmpty(), "executor " + pid + " still runs");
            }
            assertFalse(Files.exists(dir.resolve(ClusterState.FILE)));
        } finally {
            // Whatever happened above: stop what cluster.json names, then kill by PID anything recorded that survived.
            try {
                ClusterState.read(dir).ifPresent(s -> s.processes().stream().filter(p -> !recorded.contains(p))
                        .forEach(recorded::add));
                if (Files.exists(dir.resolve(ClusterState.FILE))) {
                    attnspark("-Xmx512m", 120, "cluster", "stop", "--dir", dir.toString());
                }
            } finally {
                for (ClusterProcess p : recorded) {
                    p.running().ifPresent(h -> {
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    });
                }
            }
        }
    }

    /** Tasks finished per executor id, from the driver's Spark event log. */
    private static Map<String, Integer> tasksByExecutor(Path events) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> logs = Files.list(events)) {
            for (Path log : logs.toList()) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    JsonNode event = json.readTree(line);
                    if ("SparkListenerTaskEnd".equals(event.path("Event").asText())) {
                        counts.merge(event.path("Task Info").path("Executor ID").asText(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** The PID of each executor JVM, from the first lines of its stderr (work/APP/EXECUTOR/stderr). */
    private static Map<String, Long> executorPids(Path work) throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        try (Stream<Path> files = Files.walk(work, 3)) {
            for (Path stderr : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                Matcher m = EXECUTOR_PID.matcher(Files.readString(stderr));
                assertTrue(m.find(), "no process name in " + stderr);
                pids.put(stderr.getParent().getFileName().toString(), Long.parseLong(m.group(1)));
            }
        }
        return pids;
    }

    @Test
    void benchClusterMeasuresOneAndTwoExecutorsAndStopsItsClusters() throws Exception {
        Run bench = attnspark("-Xmx2g", 600, "bench", "--cluster", "--batches", "4",
                "train.batch-size=16", "model.embedding-size=16", "model.encoder.hidden-size=16",
                "model.decoder.hidden-size=16", "model.attentional-size=16", "spark.averaging-frequency=2");
        assertEquals(0, bench.exit(), bench.toString());
        List<String> lines = bench.lines();
        assertEquals(3, lines.size(), bench.toString());
        double one = number(lines.get(0), "cluster one_executor_train ([0-9.]+)", bench);
        double two = number(lines.get(1), "cluster two_executors_train ([0-9.]+)", bench);
        double ratio = number(lines.get(2), "cluster two_over_one ([0-9.]+) \\(goal >= 1\\.8\\)", bench);
        assertTrue(one > 0 && two > 0, bench.toString());
        assertEquals(two / one, ratio, 0.01, bench.toString());
        assertTrue(bench.err().contains("1 worker registered") && bench.err().contains("2 workers registered"),
                bench.toString());
        List<String> left = ProcessHandle.allProcesses()
                .map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains("attnspark-bench-cluster-"))
                .toList();
        assertEquals(List.of(), left, "the bench stops both clusters");
    }

    private static double number(String line, String regex, Run run) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertTrue(m.matches(), "'" + line + "' does not match " + regex + "\n" + run);
        return Double.parseDouble(m.group(1));
    }

    /** The CPUs process {@code pid} may run on (Cpus_allowed_list of its /proc status). */
    private static List<Integer> cpusOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return ClusterLauncher.parseCpuList(line.substring("Cpus_allowed_list:".length()).trim());
            }
        }
        throw new IOException("no Cpus_allowed_list for pid " + pid);
    }
}
