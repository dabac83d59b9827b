package io.attnspark.jobs.cli;

import io.attnspark.config.ConfigError;
import io.attnspark.prep.PrepException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * How failures reach the user. A usage error prints picocli's message and a hint to --help, exit 2.
 * Any other failure prints exactly one line, {@code attnspark <command>: <message>}, exit 1, with the
 * stack trace below it only under {@code --verbose}.
 */
public final class FailureReport implements IExecutionExceptionHandler, IParameterExceptionHandler {
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        boolean verbose = cmd.getCommand() instanceof AttnsparkCommand && ((AttnsparkCommand) cmd.getCommand()).verbose();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + message(ex, verbose));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /**
     * The one-line message: a user-facing failure ({@link CommandFailure}, {@link ConfigError}, {@link PrepException})
     * anywhere in the cause chain, else the exception itself.
     */
    static String message(Throwable ex, boolean verbose) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof CommandFailure || t instanceof ConfigError || t instanceof PrepException) {
                return firstLine(t.getMessage());
            }
        }
        String text = ex.getMessage() == null ? ex.getClass().getName() : ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage());
        return verbose ? text : text + " (--verbose shows the stack trace)";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        for (String line : message.split("\\R")) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return "";
    }
}
