package io.attnspark.jobs;

import io.attnspark.jobs.cli.AverageCommand;
import io.attnspark.jobs.cli.BenchCommand;
import io.attnspark.jobs.cli.ClusterCommand;
import io.attnspark.jobs.cli.FailureReport;
import io.attnspark.jobs.cli.PrepCaptionsCommand;
import io.attnspark.jobs.cli.PrepTextCommand;
import io.attnspark.jobs.cli.QuickstartCommand;
import io.attnspark.jobs.cli.ScoreCommand;
import io.attnspark.jobs.cli.SweepCommand;
import io.attnspark.jobs.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/**
 * The {@code attnspark} command line: {@code bin/attnspark <command> [options] [key=value ...]}, or
 * {@code spark-submit --class io.attnspark.jobs.Main attnspark-jobs-VERSION-all.jar <command> ...}.
 * Exit status: 0 success, 1 failure (one line on stderr), 2 wrong usage.
 */
@Command(name = "attnspark", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Trains and runs attention models on Apache Spark. Each command reads conf/defaults.conf, "
                + "then the recipe given with --conf, then KEY=VALUE overrides; 'attnspark COMMAND --help' "
                + "describes a command.",
        subcommands = {QuickstartCommand.class, PrepTextCommand.class, PrepCaptionsCommand.class, TrainCommand.class,
                ScoreCommand.class, AverageCommand.class, SweepCommand.class, BenchCommand.class, ClusterCommand.class})
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required command");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit status; nothing here calls System.exit. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command line (handlers, output streams). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        FailureReport report = new FailureReport();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler(report);
        cmd.setExecutionExceptionHandler(report);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }

    /** The project version, written into version.properties by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"attnspark " + p.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
