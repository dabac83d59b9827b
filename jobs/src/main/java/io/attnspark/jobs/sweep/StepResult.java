package io.attnspark.jobs.sweep;

import java.util.List;
import java.util.Map;

/**
 * What one {@link TrialStep} gave.
 *
 * @param id      the trial
 * @param error   null when the step trained every epoch; else one line saying what went wrong
 * @param epochs  the metrics of each epoch the step trained (metrics.jsonl lines: epoch, train_loss,
 *                valid_loss, valid_bleu_greedy, seconds, ...), in order
 * @param seconds wall time of the step
 */
public record StepResult(int id, String error, List<Map<String, Object>> epochs, double seconds) {

    public StepResult {
        epochs = List.copyOf(epochs);
    }

    public static StepResult failed(int id, Throwable error, double seconds) {
        return new StepResult(id, oneLine(error), List.of(), seconds);
    }

    public boolean ok() {
        return error == null;
    }

    /** The objective's value after the step's last epoch; NaN when it failed or did not measure it. */
    double objective(SweepSettings.Objective objective) {
        if (!ok() || epochs.isEmpty()) {
            return Double.NaN;
        }
        Object v = epochs.get(epochs.size() - 1).get(objective.metric);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** An exception as one line: its message (or class name), and the root cause's when that says more. */
    static String oneLine(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = describe(error);
        if (root != error && !message.contains(String.valueOf(root.getMessage()))) {
            message += " (cause: " + describe(root) + ")";
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }
}
