package io.attnspark.jobs.cli;

import io.attnspark.jobs.cluster.ClusterControl;
import io.attnspark.jobs.cluster.ClusterLauncher;
import io.attnspark.jobs.cluster.ClusterState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        header = "Start, inspect or stop a local Spark standalone cluster.",
        description = "Runs a Spark standalone cluster on this machine from the project's own jars (no Spark "
                + "download): 'cluster start' launches a master and workers bound to 127.0.0.1 on free ports "
                + "and prints the master URL to pass as --master; 'cluster status' shows them; 'cluster stop' "
                + "stops every process it started, by PID. State and logs live in --dir. The cluster's SPARK_HOME "
                + "holds the whole runtime classpath, so its executors have the project's classes and the ND4J "
                + "natives: 'attnspark train --master URL ...' runs on it as it is.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Status.class, ClusterCommand.Stop.class})
public final class ClusterCommand implements Runnable {
    /** How long start waits for every worker to register (JVM start-up on a busy 2-core machine is slow). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Below this no executor fits in a worker (Spark reserves 300m and needs 1.5 times that). */
    static final long MIN_MEMORY_MB = 512;
    private static final Pattern MEMORY = Pattern.compile("([1-9][0-9]*)([mMgG])");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: start, status or stop");
    }

    /** Options that name the cluster's state directory. */
    static final class StateDir {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".cache/cluster",
                description = "Cluster state: SPARK_HOME layout, PIDs, ports, logs (default: ${DEFAULT-VALUE}).")
        String dir;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts a master and --workers workers on 127.0.0.1, waits until every worker has registered "
                    + "and prints the master URL as its last line. Refuses to start over a running cluster. Executors "
                    + "get spark.executor.memory (1g by default), which must fit in --memory.")
    static final class Start extends AttnsparkCommand {
        @picocli.CommandLine.Mixin
        StateDir state;

        @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Worker processes (default: ${DEFAULT-VALUE}).")
        int workers;

        @Option(names = "--cores", paramLabel = "N", defaultValue = "1", description = "Cores per worker (default: ${DEFAULT-VALUE}).")
        int cores;

        @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "4g", description = "Memory per worker (default: ${DEFAULT-VALUE}).")
        String memory;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Master port, 0 = a free one (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--pin", description = "Confine worker i and its executors to cores (i-1)*C .. i*C-1 of this "
                + "machine (C = --cores, modulo the machine's cores) with taskset, so that a worker's cores are real "
                + "cores, not a share of all of them.")
        boolean pin;

        @Override
        protected void checkOptions() {
            if (workers < 1 || cores < 1 || port < 0 || port > 65535) {
                throw usage("--workers and --cores must be at least 1, --port in [0, 65535]");
            }
            Matcher size = MEMORY.matcher(memory);
            if (!size.matches()) {
                throw usage("--memory " + memory + " is not a size such as 2g or 1536m");
            }
            long mb = Long.parseLong(size.group(1)) * (size.group(2).equalsIgnoreCase("g") ? 1024 : 1);
            if (mb < MIN_MEMORY_MB) {
                throw usage("--memory " + memory + " is below " + MIN_MEMORY_MB + "m, less than any Spark executor needs");
            }
        }

        @Override
        protected void run(JobContext context) {
            ClusterState state = ClusterLauncher.start(new ClusterLauncher.Request(Path.of(this.state.dir), workers, cores,
                    memory, port, START_TIMEOUT, pin), out());
            out().printf(Locale.ROOT, "cluster: %s (%d worker%s x %d core%s)%n", state.masterUrl(), workers,
                    workers == 1 ? "" : "s", cores, cores == 1 ? "" : "s");
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows the master URL and the state of each process of the cluster in --dir, one line each; "
                    + "exits 1 when there is no cluster or a process is down.")
    static final class Status extends AttnsparkCommand {
        @picocli.CommandLine.Mixin
        StateDir state;

        @Override
        protected void run(JobContext context) {
            ClusterControl.status(Path.of(state.dir), out());
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops the processes of the cluster in --dir, each by its recorded PID (with the executors "
                    + "its workers started), and removes cluster.json; with no cluster it says so and succeeds.")
    static final class Stop extends AttnsparkCommand {
        @picocli.CommandLine.Mixin
        StateDir state;

        @Override
        protected void run(JobContext context) {
            ClusterControl.stop(Path.of(state.dir), out());
        }
    }
}
