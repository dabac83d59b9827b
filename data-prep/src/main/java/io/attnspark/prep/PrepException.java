package io.attnspark.prep;

/**
 * A problem with the inputs, the output directory or the data that stops {@code prep-text}. The message is one
 * line meant for the user (it names the file, the line or the count at fault); the CLI prints it and exits
 * non-zero.
 */
public final class PrepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PrepException(String message) {
        super(message);
    }

    public PrepException(String message, Throwable cause) {
        super(message, cause);
    }
}
