package io.attnspark.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Our measurements against the PyTorch reference's, line by line: the ratio ours / PyTorch and the goal
 * each ratio is held to (train >= 1.2; decode >= 3 for the Transformer, whose decoder caches keys and
 * values, and >= 1.5 for the RNN).
 */
public final class RatioTable {
    private final Map<String, BenchLine> ours = new LinkedHashMap<>();
    private final Map<String, BenchLine> reference = new LinkedHashMap<>();

    public RatioTable(List<BenchLine> ours, List<BenchLine> reference) {
        ours.forEach(b -> this.ours.put(b.key(), b));
        reference.forEach(b -> this.reference.put(b.key(), b));
    }

    /** One compared line; {@code pytorch} and {@code ratio} are NaN when the reference lacks the line. */
    public record Row(String model, String phase, double ours, double pytorch, double ratio, double goal) {
        public boolean met() {
            return ratio >= goal;
        }

        /** {@code <model> <phase> ours=.. pytorch=.. ratio=.. (goal >= g: met|not met)}. */
        public String format() {
            if (Double.isNaN(pytorch)) {
                return String.format(Locale.ROOT, "%s %s ours=%.1f pytorch=- ratio=-", model, phase, ours);
            }
            return String.format(Locale.ROOT, "%s %s ours=%.1f pytorch=%.1f ratio=%.2f (goal >= %s: %s)", model,
                    phase, ours, pytorch, ratio, trim(goal), met() ? "met" : "not met");
        }
    }

    /** The goal of {@code model phase}. */
    public static double goal(String model, String phase) {
        if ("decode".equals(phase)) {
            return "transformer".equals(model) ? 3.0 : 1.5;
        }
        return 1.2;
    }

    /** Rows in the order of our measurements. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (BenchLine o : ours.values()) {
            BenchLine r = reference.get(o.key());
            double ref = r == null ? Double.NaN : r.tokensPerSecond();
            double ratio = r == null || ref == 0 ? Double.NaN : o.tokensPerSecond() / ref;
            rows.add(new Row(o.model(), o.phase(), o.tokensPerSecond(), ref, ratio, goal(o.model(), o.phase())));
        }
        return rows;
    }

    /** The rows as a Markdown table (for the README's performance table and {@code bench.md}). */
    public String markdown() {
        StringBuilder b = new StringBuilder("| model | phase | attnspark tokens/s | PyTorch tokens/s | ratio | goal |\n"
                + "|---|---|---:|---:|---:|---|\n");
        for (Row r : rows()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %s | >= %s%s |%n", r.model(), r.phase(),
                    r.ours(), Double.isNaN(r.pytorch()) ? "-" : String.format(Locale.ROOT, "%.1f", r.pytorch()),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()), trim(r.goal()),
                    Double.isNaN(r.ratio()) ? "" : r.met() ? " (met)" : " (not met)"));
        }
        return b.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
