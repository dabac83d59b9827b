package io.attnspark.jobs.cli;

/**
 * A failure whose message is meant for the user as it is: {@code Main} prints it as the one line
 * {@code attnspark <command>: <message>} and exits 1 (the stack trace only with {@code --verbose}).
 */
public class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure of a command whose implementation comes in later work. */
    public static CommandFailure notAvailableYet() {
        return new CommandFailure("not available yet");
    }

}
