package io.attnspark.jobs.cluster;

import java.time.Instant;
import java.util.Optional;

/**
 * One process of the local cluster, as {@code cluster.json} records it.
 *
 * @param role      {@code master}, {@code worker-1}, {@code worker-2}, ...
 * @param pid       its process id
 * @param started   its start time as the operating system reports it (empty if it does not), which tells
 *                  it apart from a later process that happens to get the same PID
 * @param port      the RPC port it listens on (127.0.0.1)
 * @param webUiPort the port of its web UI (127.0.0.1)
 * @param log       its log file (stdout and stderr)
 */
public record ClusterProcess(String role, long pid, String started, int port, int webUiPort, String log) {

    /** The record of a process this command has just launched. */
    static ClusterProcess of(String role, ProcessHandle process, int port, int webUiPort, String log) {
        return new ClusterProcess(role, process.pid(), startOf(process), port, webUiPort, log);
    }

    /** The live process this record names: same PID, still alive, and the same start time. */
    public Optional<ProcessHandle> running() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> started.isEmpty() || started.equals(startOf(h)));
    }

    static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse("");
    }
}
