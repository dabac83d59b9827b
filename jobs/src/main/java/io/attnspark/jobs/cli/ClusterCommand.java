package io.attnspark.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        header = "Start, inspect or stop a local Spark standalone cluster (not available yet).",
        description = "Runs a Spark standalone cluster on this machine from the project's own jars (no Spark "
                + "download): 'cluster start' launches a master and workers bound to 127.0.0.1 on free ports "
                + "and prints the master URL to pass as --master; 'cluster status' shows them; 'cluster stop' "
                + "stops every process it started, by PID. State and logs live in --dir. (Not available yet.)",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Status.class, ClusterCommand.Stop.class})
public final class ClusterCommand implements Runnable {
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
            description = "Starts a master and --workers workers on 127.0.0.1 and prints the master URL. (Not available yet.)")
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

        @Override
        protected void checkOptions() {
            if (workers < 1 || cores < 1 || port < 0 || port > 65535) {
                throw usage("--workers and --cores must be at least 1, --port in [0, 65535]");
            }
        }

        @Override
        protected void run(JobContext context) {
            throw CommandFailure.notAvailableYet();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows the master URL and the state of each process of the cluster in --dir. (Not available yet.)")
    static final class Status extends AttnsparkCommand {
        @picocli.CommandLine.Mixin
        StateDir state;

        @Override
        protected void run(JobContext context) {
            throw CommandFailure.notAvailableYet();
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops the processes of the cluster in --dir, each by its recorded PID. (Not available yet.)")
    static final class Stop extends AttnsparkCommand {
        @picocli.CommandLine.Mixin
        StateDir state;

        @Override
        protected void run(JobContext context) {
            throw CommandFailure.notAvailableYet();
        }
    }
}
