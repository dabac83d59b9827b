package io.attnspark.jobs.cluster;

import io.attnspark.jobs.cli.CommandFailure;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cluster start}: lays out the cluster directory as a SPARK_HOME ({@link ClusterLayout}), launches a
 * Spark standalone master and the workers as detached JVMs bound to 127.0.0.1 on ports free at run time,
 * records each in {@code cluster.json} as soon as it exists, and waits until the master reports every
 * worker alive. On any failure it stops what it launched and names the log to read.
 */
public final class ClusterLauncher {
    static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
    /** Heap of the master and worker JVMs (Spark's scripts give them 1g; they need far less here). */
    static final String DAEMON_HEAP = "-Xmx512m";
    private static final long POLL_MILLIS = 500;
    /** Sets a process's CPU affinity (util-linux); its children, the executors, inherit it. */
    static final String TASKSET = "taskset";

    /**
     * What {@code cluster start} asks for.
     *
     * @param dir     the cluster directory
     * @param workers worker processes, at least 1
     * @param cores   cores each worker offers, at least 1
     * @param memory  memory each worker offers to executors, as Spark writes it ({@code 2g}, {@code 1536m})
     * @param port    the master's port, 0 for a free one
     * @param timeout how long to wait for every worker to register
     * @param pin     confine worker i, and the executors it starts, to CPUs (i-1)*cores .. i*cores-1 of those
     *                this process may use (modulo their count) with {@code taskset}, so that "1 core" means one core
     */
    public record Request(Path dir, int workers, int cores, String memory, int port, Duration timeout, boolean pin) {
        /** An unpinned cluster. */
        public Request(Path dir, int workers, int cores, String memory, int port, Duration timeout) {
            this(dir, workers, cores, memory, port, timeout, false);
        }
    }

    /** One launched process. */
    private record Launched(ClusterProcess record, Process process) {
    }

    private final Request request;
    private final ClusterLayout layout;
    private final PrintWriter out;
    private final List<Launched> launched = new ArrayList<>();

    private ClusterLauncher(Request request, PrintWriter out) {
        this.request = request;
        this.layout = new ClusterLayout(request.dir());
        this.out = out;
    }

    /** Starts the cluster and returns its recorded state; throws {@link CommandFailure} with nothing left running. */
    public static ClusterState start(Request request, PrintWriter out) {
        return new ClusterLauncher(request, out).start();
    }

    private ClusterState start() {
        Path home = layout.home();
        Optional<ClusterState> previous = ClusterState.read(home);
        if (previous.isPresent()) {
            if (!previous.get().running().isEmpty()) {
                throw new CommandFailure("a cluster is already running in " + home + " (" + previous.get().masterUrl()
                        + "): stop it first with 'attnspark cluster stop --dir " + home + "'");
            }
            out.println("cluster: none of the processes in " + home.resolve(ClusterState.FILE)
                    + " is running; starting a new cluster");
        }
        layout.checkUsable();
        if (request.port() != 0) {
            FreePorts.checkFree(request.port());
        }
        List<Integer> free = new ArrayList<>(FreePorts.pick(2 * request.workers() + (request.port() == 0 ? 2 : 1)));
        int masterPort = request.port() != 0 ? request.port() : free.remove(free.size() - 1);
        int masterWebUi = free.remove(free.size() - 1);

        ClusterLayout.Contents contents = layout.build(ClusterLayout.runtimeClasspath(), executorOptions());
        out.printf(Locale.ROOT, "cluster: SPARK_HOME %s (%d jars linked%s)%n", home, contents.jars(),
                contents.directories().isEmpty() ? "" : ", " + contents.directories().size() + " class director"
                        + (contents.directories().size() == 1 ? "y" : "ies") + " on SPARK_DIST_CLASSPATH");
        Map<String, String> env = layout.environment(contents);
        ClusterState state = new ClusterState(ClusterState.VERSION, "spark://127.0.0.1:" + masterPort,
                "http://127.0.0.1:" + masterWebUi, home.toString(), request.workers(), request.cores(),
                request.memory(), Instant.now().toString(), List.of());
        long begin = System.nanoTime();
        try {
            state = launch(state, env, "master", masterPort, masterWebUi, List.of(), List.of(MASTER_CLASS,
                    "--host", "127.0.0.1", "--port", String.valueOf(masterPort),
                    "--webui-port", String.valueOf(masterWebUi)));
            Map<String, String> workerEnv = new HashMap<>(env);
            workerEnv.put("OMP_NUM_THREADS", String.valueOf(request.cores()));
            List<Integer> workerPorts = new ArrayList<>();
            for (int i = 1; i <= request.workers(); i++) {
                int port = free.get(2 * (i - 1));
                int webUi = free.get(2 * (i - 1) + 1);
                workerPorts.add(port);
                state = launch(state, workerEnv, "worker-" + i, port, webUi, pinning(i), List.of(WORKER_CLASS, state.masterUrl(),
                        "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(webUi),
                        "--cores", String.valueOf(request.cores()), "--memory", request.memory(),
                        "--work-dir", layout.work().toString()));
            }
            MasterStatus master = awaitWorkers(masterWebUi, workerPorts);
            if (!master.url().isEmpty() && !master.url().equals(state.masterUrl())) {
                state = state.withMasterUrl(master.url());
                state.write(home);
            }
        } catch (RuntimeException e) {
            stopLaunched();
            throw e;
        }
        out.printf(Locale.ROOT, "cluster: %d worker%s registered in %.1f s; web UI %s; logs in %s%n", request.workers(),
                request.workers() == 1 ? "" : "s", (System.nanoTime() - begin) / 1e9, state.webUi(), layout.logs());
        out.println("cluster: stop it with 'attnspark cluster stop --dir " + home + "'");
        return state;
    }

    /** JVM options of every executor: temporary files inside the cluster directory, this JVM's JavaCPP cache. */
    private List<String> executorOptions() {
        List<String> options = new ArrayList<>();
        options.add("-Djava.io.tmpdir=" + layout.tmp());
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null && !cache.isBlank()) {
            options.add("-Dorg.bytedeco.javacpp.cachedir=" + Path.of(cache).toAbsolutePath());
        }
        return options;
    }

    /** The command prefix that confines worker {@code i} to its cores ({@code taskset -c LIST}), or none. */
    private List<String> pinning(int i) {
        if (!request.pin()) {
            return List.of();
        }
        List<Integer> allowed = allowedCpus();
        List<String> cpus = new ArrayList<>();
        for (int c = 0; c < request.cores(); c++) {
            cpus.add(String.valueOf(allowed.get(((i - 1) * request.cores() + c) % allowed.size())));
        }
        return List.of(TASKSET, "-c", String.join(",", cpus));
    }

    /**
     * The CPUs this process may run on, ascending: {@code Cpus_allowed_list} of /proc/self/status (such as
     * {@code 0-3,8}), or 0 .. availableProcessors-1 where there is no such file.
     */
    static List<Integer> allowedCpus() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return parseCpuList(line.substring("Cpus_allowed_list:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unreadable file: fall through
        }
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < Runtime.getRuntime().availableProcessors(); c++) {
            all.add(c);
        }
        return all;
    }

    /** {@code 0-3,8,10-11} as [0, 1, 2, 3, 8, 10, 11]. */
    static List<Integer> parseCpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("empty CPU list '" + list + "'");
        }
        return cpus;
    }

    private ClusterState launch(ClusterState state, Map<String, String> env, String role, int port, int webUi,
                                List<String> prefix, List<String> mainAndArgs) {
        Path log = layout.logs().resolve(role + ".log");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                DAEMON_HEAP, "-Djava.io.tmpdir=" + layout.tmp(), "-cp", layout.daemonClasspath()));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(layout.home().toFile())
                .redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandFailure("cannot start the " + role + (prefix.isEmpty() ? "" : " under " + TASKSET
                    + " (--pin needs util-linux's taskset)") + ": " + e.getMessage(), e);
        }
        ClusterProcess record = ClusterProcess.of(role, process.toHandle(), port, webUi, log.toString());
        launched.add(new Launched(record, process));
        ClusterState next = state.with(record);
        next.write(layout.home());
        out.printf(Locale.ROOT, "cluster: %s pid %d on 127.0.0.1:%d (web UI port %d)%n", role, process.pid(), port, webUi);
        return next;
    }

    /** Polls the master until it reports every worker alive; fails early when a process exits. */
    private MasterStatus awaitWorkers(int masterWebUi, List<Integer> workerPorts) {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        MasterStatus last = null;
        while (true) {
            for (Launched l : launched) {
                if (!l.process().isAlive()) {
                    throw new CommandFailure(l.record().role() + " exited with status " + l.process().exitValue()
                            + " during start-up: see " + l.record().log());
                }
            }
            Optional<MasterStatus> now = MasterStatus.fetch(masterWebUi);
            if (now.isPresent()) {
                last = now.get();
                if (last.aliveAmong(workerPorts) == workerPorts.size()) {
                    return last;
                }
            }
            if (System.nanoTime() > deadline) {
                throw timedOut(last, workerPorts);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure("interrupted while waiting for the workers to register", e);
            }
        }
    }

    private CommandFailure timedOut(MasterStatus last, List<Integer> workerPorts) {
        long seconds = request.timeout().toSeconds();
        if (last == null) {
            return new CommandFailure("the master did not answer on http://127.0.0.1:" + launched.get(0).record().webUiPort()
                    + "/json within " + seconds + " s: see " + launched.get(0).record().log());
        }
        String missing = launched.stream().map(Launched::record)
                .filter(r -> workerPorts.contains(r.port()) && !last.aliveWorkerPorts().contains(r.port()))
                .map(ClusterProcess::log).findFirst().orElse(launched.get(0).record().log());
        return new CommandFailure(last.aliveAmong(workerPorts) + " of " + workerPorts.size()
                + " workers registered with the master within " + seconds + " s: see " + missing);
    }

    /** After a failed start: stops every process launched, by PID, and forgets the cluster. */
    private void stopLaunched() {
        List<String> stuck = new ArrayList<>();
        for (int i = launched.size() - 1; i >= 0; i--) {
            Launched l = launched.get(i);
            if (ClusterProcesses.stop(l.process().toHandle()) == ClusterProcesses.Outcome.STILL_RUNNING) {
                stuck.add(l.record().role() + " (pid " + l.record().pid() + ")");
            }
        }
        if (launched.isEmpty()) {
            return;
        }
        if (stuck.isEmpty()) {
            ClusterState.delete(layout.home());
            out.println("cluster: start failed; stopped the " + launched.size() + " process"
                    + (launched.size() == 1 ? "" : "es") + " it had launched");
        } else {
            out.println("cluster: start failed; could not stop " + String.join(", ", stuck) + "; "
                    + ClusterState.FILE + " keeps them for 'attnspark cluster stop --dir " + layout.home() + "'");
        }
    }
}
