package io.attnspark.jobs.cluster;

import io.attnspark.jobs.cli.CommandFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterStateTest {
    @TempDir
    Path dir;

    static ClusterState state(ClusterProcess... processes) {
        return new ClusterState(ClusterState.VERSION, "spark://127.0.0.1:7077", "http://127.0.0.1:8080", "/c", 2, 1, "1g",
                "2026-01-01T00:00:00Z", List.of(processes));
    }

    static ClusterProcess self(String role) {
        return ClusterProcess.of(role, ProcessHandle.current(), 7077, 8080, "/c/logs/" + role + ".log");
    }

    @Test
    void roundTripsThroughClusterJsonWithSnakeCaseKeys() throws Exception {
        ClusterState state = state(self("master")).with(new ClusterProcess("worker-1", 42, "", 7078, 8081, "/c/logs/worker-1.log"));
        state.write(dir);
        assertEquals(Optional.of(state), ClusterState.read(dir));
        String json = Files.readString(dir.resolve(ClusterState.FILE));
        assertTrue(json.contains("\"master_url\" : \"spark://127.0.0.1:7077\"") && json.contains("\"web_ui_port\" : 8081"), json);
        assertFalse(Files.exists(dir.resolve(ClusterState.FILE + ".tmp")));
        assertEquals("spark://127.0.0.1:7078", state.withMasterUrl("spark://127.0.0.1:7078").masterUrl());
    }

    @Test
    void absentFileIsNoState() {
        assertEquals(Optional.empty(), ClusterState.read(dir));
        ClusterState.delete(dir);
    }

    @Test
    void aDamagedOrForeignFileIsRefusedNamingIt() throws Exception {
        Files.writeString(dir.resolve(ClusterState.FILE), "{ not json");
        CommandFailure e = assertThrows(CommandFailure.class, () -> ClusterState.read(dir));
        assertTrue(e.getMessage().startsWith("cannot read " + dir.resolve(ClusterState.FILE) + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(if no cluster runs, delete it)"), e.getMessage());

        Files.writeString(dir.resolve(ClusterState.FILE), "{\"version\": 7, \"processes\": []}");
        e = assertThrows(CommandFailure.class, () -> ClusterState.read(dir));
        assertEquals(dir.resolve(ClusterState.FILE) + " has version 7; this attnspark reads version 1 (stop that cluster "
                + "with the attnspark that started it)", e.getMessage());
    }

    @Test
    void aRecordNamesARunningProcessOnlyWithTheSamePidAndStartTime() throws Exception {
        assertTrue(self("master").running().isPresent());
        ClusterProcess me = self("master");
        assertTrue(new ClusterProcess("master", me.pid(), "", 1, 2, "l").running().isPresent(), "no start time recorded");
        assertFalse(new ClusterProcess("master", me.pid(), "2001-01-01T00:00:00Z", 1, 2, "l").running().isPresent(),
                "a reused PID is another process");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertFalse(new ClusterProcess("worker-1", ended.pid(), "", 1, 2, "l").running().isPresent());
        assertEquals(List.of(me), state(me, new ClusterProcess("worker-1", ended.pid(), "", 1, 2, "l")).running());
    }
}
