package io.attnspark.jobs.cli;

import io.attnspark.jobs.cluster.ClusterProcess;
import io.attnspark.jobs.cluster.ClusterState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster commands without Spark: refusals, status and stop on recorded processes that are plain
 * {@code sleep}s (or this test JVM, which must never be stopped). ClusterIT starts a real cluster.
 */
class ClusterCommandTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process spawn(String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
    }

    private static ClusterProcess record(String role, ProcessHandle process, int port) {
        return new ClusterProcess(role, process.pid(), process.info().startInstant().map(Object::toString).orElse(""),
                port, port + 1, "/logs/" + role + ".log");
    }

    private void record(ClusterProcess... processes) {
        new ClusterState(ClusterState.VERSION, "spark://127.0.0.1:7077", "http://127.0.0.1:1", dir.toString(),
                processes.length - 1, 1, "1g", "2026-01-01T00:00:00Z", List.of(processes)).write(dir);
    }

    private static ClusterProcess dead(String role) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        return new ClusterProcess(role, ended.pid(), "", 1, 2, "/logs/" + role + ".log");
    }

    @Test
    void statusWithoutAClusterFailsInOneLine() {
        CliRun run = CliRun.of("cluster", "status", "--dir", dir.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("attnspark cluster status: no cluster in " + dir + " (start one with 'attnspark cluster start --dir "
                + dir + "')"), run.errLines());
    }

    @Test
    void stopWithoutAClusterSaysSoAndSucceeds() {
        CliRun run = CliRun.of("cluster", "stop", "--dir", dir.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals("cluster: nothing to stop in " + dir + " (no cluster.json)\n", run.out());
    }

    @Test
    void startRefusesADirectoryWithARunningCluster() throws Exception {
        record(record("master", ProcessHandle.current(), 7077));
        String before = Files.readString(dir.resolve(ClusterState.FILE));
        CliRun run = CliRun.of("cluster", "start", "--dir", dir.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("attnspark cluster start: a cluster is already running in " + dir + " (spark://127.0.0.1:7077): "
                + "stop it first with 'attnspark cluster stop --dir " + dir + "'"), run.errLines());
        assertEquals(before, Files.readString(dir.resolve(ClusterState.FILE)));
        assertFalse(Files.exists(dir.resolve("jars")));
    }

    @Test
    void startRefusesADirectoryOfOtherFilesAndABusyPort() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of("cluster", "start", "--dir", dir.toString());
        assertEquals(List.of("attnspark cluster start: --dir " + dir + " is neither empty nor a cluster directory (no RELEASE "
                + "file): choose a new or empty directory"), run.errLines());
        assertEquals(List.of(dir.resolve("notes.txt")), Files.list(dir).toList());

        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path fresh = dir.resolve("fresh");
            run = CliRun.of("cluster", "start", "--dir", fresh.toString(), "--port", String.valueOf(busy.getLocalPort()));
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.errLines().get(0).startsWith("attnspark cluster start: --port " + busy.getLocalPort()
                    + " is not free on 127.0.0.1"), run.toString());
            assertFalse(Files.exists(fresh), "nothing laid out before the checks pass");
        }
    }

    @Test
    void badStartOptionsAreUsageErrors() {
        for (String[] args : List.of(new String[] {"--workers", "0"}, new String[] {"--cores", "0"},
                new String[] {"--port", "70000"}, new String[] {"--memory", "2x"}, new String[] {"--memory", "256m"})) {
            List<String> all = new ArrayList<>(List.of("cluster", "start", "--dir", dir.toString()));
            all.addAll(List.of(args));
            CliRun run = CliRun.of(all.toArray(String[]::new));
            assertEquals(2, run.exit(), run.toString());
        }
        assertTrue(CliRun.of("cluster", "start", "--memory", "256m").err().contains("--memory 256m is below 512m"));
        assertTrue(CliRun.of("cluster", "start", "--memory", "2x").err().contains("--memory 2x is not a size such as 2g or 1536m"));
        assertEquals(2, CliRun.of("cluster").exit());
    }

    @Test
    void stopEndsEveryRecordedProcessAndWhatItStartedByPid() throws Exception {
        Process master = spawn("sleep", "300");
        Process worker = spawn("sh", "-c", "sleep 300 & wait");
        ProcessHandle executor = null;
        for (int i = 0; i < 100 && executor == null; i++) {
            executor = worker.children().findFirst().orElse(null);
            Thread.sleep(50);
        }
        assertTrue(executor != null, "the worker's child process");
        record(record("master", master.toHandle(), 7077), record("worker-1", worker.toHandle(), 7078), dead("worker-2"));

        CliRun run = CliRun.of("cluster", "stop", "--dir", dir.toString());

        assertEquals(0, run.exit(), run.toString());
        assertTrue(master.waitFor(5, TimeUnit.SECONDS) && worker.waitFor(5, TimeUnit.SECONDS), run.toString());
        assertTrue(executor.onExit().get(5, TimeUnit.SECONDS) != null && !executor.isAlive());
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.toString());
        assertTrue(lines.get(0).matches("cluster: worker-2 \\(pid \\d+\\) was not running"), run.toString());
        assertEquals("cluster: stopped worker-1 (pid " + worker.pid() + ")", lines.get(1));
        assertEquals("cluster: stopped master (pid " + master.pid() + ")", lines.get(2));
        assertEquals("cluster: stopped spark://127.0.0.1:7077 (2 processes)", lines.get(3));
        assertFalse(Files.exists(dir.resolve(ClusterState.FILE)));

        run = CliRun.of("cluster", "stop", "--dir", dir.toString());
        assertEquals("cluster: nothing to stop in " + dir + " (no cluster.json)\n", run.out(), "stop is idempotent");
    }

    @Test
    void staleStateIsReportedByStatusAndClearedByStop() throws Exception {
        record(dead("master"), dead("worker-1"));
        CliRun run = CliRun.of("cluster", "status", "--dir", dir.toString());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().lines().allMatch(l -> l.matches("(master|worker-1) +pid \\d+ +not running .*")), run.toString());
        assertEquals(List.of("attnspark cluster status: no cluster runs in " + dir + ": none of the processes in cluster.json "
                + "is running ('attnspark cluster stop --dir " + dir + "' clears it)"), run.errLines());

        run = CliRun.of("cluster", "stop", "--dir", dir.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().endsWith("cluster: nothing was running in " + dir + "; removed its stale cluster.json\n"), run.out());
        assertFalse(Files.exists(dir.resolve(ClusterState.FILE)));
    }

    @Test
    void statusOfAStateWithoutProcessesIsNoCluster() {
        new ClusterState(ClusterState.VERSION, "spark://127.0.0.1:7077", "http://127.0.0.1:1", dir.toString(), 0, 1, "1g",
                "2026-01-01T00:00:00Z", List.of()).write(dir);
        CliRun run = CliRun.of("cluster", "status", "--dir", dir.toString());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("no cluster runs in " + dir), run.toString());
    }

    @Test
    void statusNamesAProcessThatIsDown() throws Exception {
        Process master = spawn("sleep", "300");
        record(record("master", master.toHandle(), 7077), dead("worker-1"));
        CliRun run = CliRun.of("cluster", "status", "--dir", dir.toString());
        assertEquals(1, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("master +pid " + master.pid() + " +running +spark://127.0.0.1:7077  web UI "
                + "http://127.0.0.1:1  \\(not answering\\)"), run.toString());
        assertTrue(lines.get(1).matches("worker-1 +pid \\d+ +not running +1 core, 1g .* not registered"), run.toString());
        assertEquals(List.of("attnspark cluster status: the cluster in " + dir + " is degraded: worker-1 is not running (logs in "
                + dir.resolve("logs") + ")"), run.errLines());
    }
}
