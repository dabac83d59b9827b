package io.attnspark.prep;

/** One-line descriptions of failures whose messages span many lines (Spark job failures carry stack traces). */
public final class Failures {
    private Failures() {
    }

    /** The innermost cause of {@code e} as {@code SimpleClassName: first line of its message}. */
    public static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("").trim();
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
