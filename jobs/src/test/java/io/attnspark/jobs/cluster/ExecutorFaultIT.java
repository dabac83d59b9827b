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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor dies in the middle of distributed training: on a two-worker cluster started through
 * {@code bin/attnspark cluster start}, a miniature quickstart trains with parameter averaging over both
 * executors; once an averaging round of epoch 2 has finished, the first executor JVM seen running a task is
 * killed (SIGKILL; its PID from the worker's work directory, its running task from its log). The standalone master starts a replacement, Spark re-runs the lost
 * tasks (and recomputes the lost cached minibatches), and the job still ends with every epoch trained and a
 * model that decodes. The driver's event log must show the executor removed and at least one task lost with it.
 */
class ExecutorFaultIT {
    private static final Pattern MASTER_LINE = Pattern.compile("cluster: (spark://127\\.0\\.0\\.1:\\d+) \\(2 workers x 1 core\\)");
    private static final Pattern TASK_EVENT = Pattern.compile(
            "Executor: (Running|Finished|Exception in|Executor killed) task [0-9.]+ in stage [0-9.]+ \\(TID (\\d+)\\)");
    private static final Pattern EXECUTOR_PID = Pattern.compile("Started daemon with process name: (\\d+)@");

    @TempDir
    Path tmp;

    @Test
    void trainingSurvivesAKilledExecutor() throws Exception {
        Path dir = tmp.resolve("cluster");
        Path events = Files.createDirectories(tmp.resolve("events"));
        Path qs = tmp.resolve("qs");
        List<ClusterProcess> recorded = new ArrayList<>();
        try {
            CliProcess start = CliProcess.run(tmp, "-Xmx512m", 180, "cluster", "start", "--dir", dir.toString(),
                    "--workers", "2", "--cores", "1", "--memory", "1g");
            ClusterState.read(dir).ifPresent(s -> recorded.addAll(s.processes()));
            assertEquals(0, start.exit(), start.toString());
            Matcher url = MASTER_LINE.matcher(start.lines().get(start.lines().size() - 1));
            assertTrue(url.matches(), start.toString());

            CliProcess quickstart = CliProcess.start(tmp, "-Xmx2g", "quickstart", "--master", url.group(1),
                    "--out", qs.toString(), "quickstart.train-pairs=600", "quickstart.valid-pairs=30",
                    "quickstart.test-pairs=30", "train.epochs=3", "train.batch-size=32", "model.embedding-size=32",
                    "model.encoder.hidden-size=32", "model.decoder.hidden-size=64", "model.attentional-size=64",
                    "train.bleu-sentences=20", "decode.beam=2", "spark.conf.\"spark.sql.shuffle.partitions\"=2",
                    "spark.conf.\"spark.eventLog.enabled\"=true", "spark.conf.\"spark.eventLog.dir\"=" + events.toUri());
            long killed;
            try {
                quickstart.awaitLine(l -> l.startsWith("train: epoch 2/3  ") && l.contains("round"), 600);
                Map<String, Long> executors = executorPids(dir.resolve("work"));
                assertEquals(2, executors.size(), "two executors before the kill: " + executors);
                killed = busyExecutor(dir.resolve("work"), executors, 120);
                ProcessHandle victim = ProcessHandle.of(killed).orElseThrow();
                assertTrue(victim.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"));
                victim.destroyForcibly();
                victim.onExit().get();
                quickstart.waitFor(600);
            } finally {
                if (quickstart.toString().startsWith("running")) {
                    quickstart.kill();
                }
            }
            assertEquals(0, quickstart.exit(), quickstart.toString());
            List<String> lines = quickstart.lines();
            assertTrue(lines.get(lines.size() - 1).startsWith("quickstart: BLEU="), quickstart.toString());
            assertTrue(quickstart.out().contains("train: epoch 3/3  loss"), quickstart.toString());
            assertEquals(3, Files.readAllLines(qs.resolve("model/metrics.jsonl")).size());
            assertEquals(30, Files.readAllLines(qs.resolve("test.hyp")).size());
            assertTrue(ProcessHandle.of(killed).filter(ProcessHandle::isAlive).isEmpty());

            Map<String, Integer> log = eventCounts(events);
            System.out.println("ExecutorFaultIT: killed executor JVM " + killed + "; driver events " + log);
            assertTrue(log.getOrDefault("SparkListenerExecutorRemoved", 0) >= 1, "executor removal logged: " + log);
            assertTrue(log.getOrDefault("ExecutorLostFailure", 0) >= 1, "tasks lost with the executor, re-run: " + log);
            // A replacement executor is usually started by the worker, but the job may finish on the survivor first:
            // only the re-run of the lost tasks is asserted.

            CliProcess stop = CliProcess.run(tmp, "-Xmx512m", 120, "cluster", "stop", "--dir", dir.toString());
            assertEquals(0, stop.exit(), stop.toString());
        } finally {
            try {
                ClusterState.read(dir).ifPresent(s -> s.processes().stream().filter(p -> !recorded.contains(p))
                        .forEach(recorded::add));
                if (Files.exists(dir.resolve(ClusterState.FILE))) {
                    CliProcess.run(tmp, "-Xmx512m", 120, "cluster", "stop", "--dir", dir.toString());
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

    /** Counts of event types in the driver's event log, and of failed tasks by reason. */
    private static Map<String, Integer> eventCounts(Path events) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> logs = Files.list(events)) {
            for (Path log : logs.toList()) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    JsonNode event = json.readTree(line);
                    counts.merge(event.path("Event").asText(), 1, Integer::sum);
                    String reason = event.path("Task End Reason").path("Reason").asText();
                    if (!reason.isEmpty() && !reason.equals("Success")) {
                        counts.merge(reason, 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /**
     * The PID of an executor that is running a task right now (a TID in its log started and not yet finished),
     * polled every 10 ms: killing an idle executor between jobs would lose no task, only cached blocks.
     */
    private static long busyExecutor(Path work, Map<String, Long> executors, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, Path> log : executorLogs(work).entrySet()) {
                Long pid = executors.get(log.getKey());
                if (pid != null && !runningTasks(Files.readString(log.getValue())).isEmpty()) {
                    return pid;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no executor ran a task within " + seconds + " s: " + executors);
    }

    /** TIDs an executor log shows started and not yet ended (finished, failed or killed). */
    static java.util.Set<String> runningTasks(String log) {
        java.util.Set<String> running = new java.util.TreeSet<>();
        Matcher m = TASK_EVENT.matcher(log);
        while (m.find()) {
            if (m.group(1).equals("Running")) {
                running.add(m.group(2));
            } else {
                running.remove(m.group(2));
            }
        }
        return running;
    }

    /** The PID of each running executor JVM, from the first lines of its stderr (work/APP/EXECUTOR/stderr). */
    private static Map<String, Long> executorPids(Path work) throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        for (Map.Entry<String, Path> log : executorLogs(work).entrySet()) {
            Matcher m = EXECUTOR_PID.matcher(Files.readString(log.getValue()));
            if (m.find()) {
                pids.put(log.getKey(), Long.parseLong(m.group(1)));
            }
        }
        return pids;
    }

    /** Each executor's stderr (work/APP/EXECUTOR/stderr) by executor id. */
    private static Map<String, Path> executorLogs(Path work) throws IOException {
        Map<String, Path> logs = new TreeMap<>();
        try (Stream<Path> files = Files.walk(work, 3)) {
            files.filter(f -> f.getFileName().toString().equals("stderr"))
                    .forEach(f -> logs.put(f.getParent().getFileName().toString(), f));
        }
        return logs;
    }
}
