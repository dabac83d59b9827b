package io.attnspark.jobs.bench;

import java.util.Locale;

/**
 * One throughput measurement, printed as {@code <model> <phase> <tokens_per_s>} (the format of the PyTorch
 * reference script, so the two can be lined up).
 *
 * @param model          benchmark model name, for example {@code rnn} or {@code transformer}
 * @param phase          {@code train} (target tokens/s of forward + backward + update) or {@code decode}
 *                       (generated tokens/s, greedy)
 * @param tokensPerSecond the median over the timed repetitions
 */
public record BenchLine(String model, String phase, double tokensPerSecond) {

    public BenchLine {
        if (model.isBlank() || phase.isBlank() || model.contains(" ") || phase.contains(" ")) {
            throw new IllegalArgumentException("benchmark model and phase must be single words, got '" + model
                    + "' and '" + phase + "'");
        }
    }

    /** {@code model phase} as a lookup key. */
    public String key() {
        return model + " " + phase;
    }

    /** The line as printed: {@code <model> <phase> <tokens_per_s>} with one decimal. */
    public String format() {
        return String.format(Locale.ROOT, "%s %s %.1f", model, phase, tokensPerSecond);
    }

    /**
     * Parses one printed line; returns null for lines that are not measurements (anything but three
     * fields ending in a finite, non-negative number).
     */
    public static BenchLine parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length != 3) {
            return null;
        }
        try {
            double v = Double.parseDouble(f[2]);
            return Double.isFinite(v) && v >= 0 ? new BenchLine(f[0], f[1], v) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
