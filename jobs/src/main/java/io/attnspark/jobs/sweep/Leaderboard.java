package io.attnspark.jobs.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The trials of a sweep, ranked: finished trials first (done, then stopped early, then still running),
 * more epochs before fewer, then by the objective; failed trials last. Written as CSV (header + one row per
 * trial: rank, id, status, objective, epochs, seconds, one column per searched key, error) and Markdown.
 */
public final class Leaderboard {
    private final List<Trial> ranked;
    private final List<String> keys;
    private final SweepSettings.Objective objective;

    public Leaderboard(List<Trial> trials, List<String> keys, SweepSettings.Objective objective) {
        this.keys = List.copyOf(keys);
        this.objective = objective;
        List<Trial> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingInt((Trial t) -> statusOrder(t.status()))
                .thenComparing(Comparator.comparingInt(Trial::epochs).reversed())
                .thenComparing((a, b) -> objective.better(a.objective(), b.objective()) ? -1
                        : objective.better(b.objective(), a.objective()) ? 1 : 0)
                .thenComparingInt(Trial::id));
        this.ranked = List.copyOf(sorted);
    }

    private static int statusOrder(Trial.Status s) {
        return switch (s) {
            case DONE -> 0;
            case STOPPED -> 1;
            case RUNNING -> 2;
            case FAILED -> 3;
        };
    }

    /** The trials, best first. */
    public List<Trial> ranked() {
        return ranked;
    }

    /** The best trial that trained every epoch with a measured objective. */
    public Optional<Trial> best() {
        return ranked.stream().filter(t -> t.status() == Trial.Status.DONE && !Double.isNaN(t.objective())).findFirst();
    }

    public String csv() {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("rank", "trial", "status", objective.toString(), "epochs", "seconds"));
        header.addAll(keys);
        header.add("error");
        b.append(String.join(",", header.stream().map(Leaderboard::csvField).toList())).append('\n');
        for (List<String> row : rows()) {
            b.append(String.join(",", row.stream().map(Leaderboard::csvField).toList())).append('\n');
        }
        return b.toString();
    }

    public String markdown(String title) {
        StringBuilder b = new StringBuilder("# ").append(title).append("\n\n");
        List<String> header = new ArrayList<>(List.of("rank", "trial", "status", objective.toString(), "epochs", "seconds"));
        header.addAll(keys.stream().map(k -> "`" + k + "`").toList());
        header.add("error");
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        b.append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows()) {
            b.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
        }
        return b.toString();
    }

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Trial t = ranked.get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(i + 1), Integer.toString(t.id()),
                    t.status().toString(), Double.isNaN(t.objective()) ? "" : String.format(Locale.ROOT, "%.4f", t.objective()),
                    Integer.toString(t.epochs()), String.format(Locale.ROOT, "%.1f", t.seconds())));
            for (String k : keys) {
                Object v = t.values().get(k);
                row.add(v == null ? "" : Dimension.show(v));
            }
            row.add(t.error() == null ? "" : t.error());
            rows.add(row);
        }
        return rows;
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
