package io.attnspark.jobs.cluster;

import io.attnspark.jobs.cli.CommandFailure;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code cluster status} and {@code cluster stop} on the state a {@link ClusterLauncher} recorded. */
public final class ClusterControl {
    private ClusterControl() {
    }

    /**
     * Prints one line per recorded process (running or not, ports, registration with the master) and a
     * summary line; fails when there is no cluster, or when a process is down or a worker unregistered.
     */
    public static void status(Path dir, PrintWriter out) {
        Path home = new ClusterLayout(dir).home();
        ClusterState state = ClusterState.read(home).orElseThrow(() -> new CommandFailure("no cluster in " + home
                + " (start one with 'attnspark cluster start --dir " + home + "')"));
        ClusterProcess masterProcess = state.processes().isEmpty() ? null : state.processes().get(0);
        Optional<MasterStatus> master = Optional.ofNullable(masterProcess)
                .flatMap(m -> m.running().flatMap(p -> MasterStatus.fetch(m.webUiPort())));
        List<Integer> workerPorts = state.processes().stream().skip(1).map(ClusterProcess::port).toList();
        List<String> problems = new ArrayList<>();
        int running = 0;
        for (ClusterProcess p : state.processes()) {
            boolean up = p.running().isPresent();
            running += up ? 1 : 0;
            String detail;
            if (p == masterProcess) {
                detail = state.masterUrl() + "  web UI " + state.webUi()
                        + (up && master.isEmpty() ? "  (not answering)" : "");
            } else {
                boolean registered = master.map(m -> m.aliveWorkerPorts().contains(p.port())).orElse(false);
                detail = String.format(Locale.ROOT, "%d core%s, %s  web UI http://127.0.0.1:%d  %s", state.coresPerWorker(),
                        state.coresPerWorker() == 1 ? "" : "s", state.memoryPerWorker(), p.webUiPort(),
                        registered ? "registered" : "not registered");
                if (up && !registered) {
                    problems.add(p.role() + " is not registered with the master");
                }
            }
            if (!up) {
                problems.add(p.role() + " is not running");
            }
            out.printf(Locale.ROOT, "%-9s pid %-7d %-11s %s%n", p.role(), p.pid(), up ? "running" : "not running", detail);
        }
        if (running == 0) {
            throw new CommandFailure("no cluster runs in " + home + ": none of the processes in " + ClusterState.FILE
                    + " is running ('attnspark cluster stop --dir " + home + "' clears it)");
        }
        if (!problems.isEmpty()) {
            throw new CommandFailure("the cluster in " + home + " is degraded: " + String.join(", ", problems)
                    + " (logs in " + new ClusterLayout(home).logs() + ")");
        }
        long alive = master.map(m -> m.aliveAmong(workerPorts)).orElse(0L);
        out.printf(Locale.ROOT, "cluster: %s (%d of %d workers alive)%n", state.masterUrl(), alive, workerPorts.size());
    }

    /**
     * Stops every recorded process (workers first, then the master), each by its PID, and removes
     * {@code cluster.json}; with nothing recorded, says so and succeeds.
     */
    public static void stop(Path dir, PrintWriter out) {
        Path home = new ClusterLayout(dir).home();
        Optional<ClusterState> recorded = ClusterState.read(home);
        if (recorded.isEmpty()) {
            out.println("cluster: nothing to stop in " + home + " (no " + ClusterState.FILE + ")");
            return;
        }
        ClusterState state = recorded.get();
        List<ClusterProcess> order = new ArrayList<>(state.processes());
        java.util.Collections.reverse(order);
        List<String> stuck = new ArrayList<>();
        int stopped = 0;
        for (ClusterProcess p : order) {
            ClusterProcesses.Outcome outcome = ClusterProcesses.stop(p);
            String who = p.role() + " (pid " + p.pid() + ")";
            switch (outcome) {
                case STOPPED -> out.println("cluster: stopped " + who);
                case KILLED -> out.println("cluster: killed " + who + ": it did not stop within "
                        + ClusterProcesses.GRACE.toSeconds() + " s");
                case NOT_RUNNING -> out.println("cluster: " + who + " was not running");
                case STILL_RUNNING -> stuck.add(who);
                default -> throw new IllegalStateException(outcome.name());
            }
            stopped += outcome == ClusterProcesses.Outcome.STOPPED || outcome == ClusterProcesses.Outcome.KILLED ? 1 : 0;
        }
        if (!stuck.isEmpty()) {
            throw new CommandFailure("could not stop " + String.join(", ", stuck) + "; " + ClusterState.FILE
                    + " is kept");
        }
        ClusterState.delete(home);
        out.println(stopped == 0 ? "cluster: nothing was running in " + home + "; removed its stale " + ClusterState.FILE
                : "cluster: stopped " + state.masterUrl() + " (" + stopped + " process" + (stopped == 1 ? "" : "es") + ")");
    }
}
