package io.attnspark.jobs.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code plot.html} of a sweep: one scatter chart per searched key, the objective (y) against the key's value
 * (x: a log axis for log-uniform dimensions, one column per value for strings and booleans), each trial a
 * dot coloured by status and labelled with its number. Self-contained HTML with inline SVG, no scripts.
 */
public final class SweepPlot {
    private static final int W = 420;
    private static final int H = 260;
    private static final int L = 60;
    private static final int R = 20;
    private static final int T = 28;
    private static final int B = 44;

    private SweepPlot() {
    }

    public static String html(String title, List<Trial> trials, List<Dimension> dimensions,
                              SweepSettings.Objective objective) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}"
                        + "svg{margin:8px 16px 8px 0;background:#fff}</style></head><body>\n<h1>").append(esc(title))
                .append("</h1>\n<p>").append(esc(objective.toString())).append(" of each trial after its last epoch; "
                        + "<span style=\"color:#1f77b4\">&#9679; done</span> <span style=\"color:#999\">&#9679; stopped "
                        + "early</span> (failed trials have no objective). Numbers: trial ids.</p>\n");
        for (Dimension d : dimensions) {
            b.append(chart(d, trials, objective)).append('\n');
        }
        return b.append("</body></html>\n").toString();
    }

    static String chart(Dimension d, List<Trial> trials, SweepSettings.Objective objective) {
        List<Trial> shown = trials.stream().filter(t -> !Double.isNaN(t.objective()) && t.values().get(d.key()) != null).toList();
        boolean numeric = shown.stream().allMatch(t -> t.values().get(d.key()) instanceof Number);
        boolean log = numeric && d.isLogScale();
        List<String> categories = new ArrayList<>(new LinkedHashSet<>(shown.stream()
                .map(t -> Dimension.show(t.values().get(d.key()))).toList()));
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Trial t : shown) {
            double x = xValue(t, d, numeric, log, categories);
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, t.objective());
            y1 = Math.max(y1, t.objective());
        }
        if (shown.isEmpty()) {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        double xPad = x1 > x0 ? (x1 - x0) * 0.08 : 0.5;
        double yPad = y1 > y0 ? (y1 - y0) * 0.08 : Math.max(0.5, Math.abs(y0) * 0.05);
        x0 -= xPad;
        x1 += xPad;
        y0 -= yPad;
        y1 += yPad;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-size=\"11\">", W, H));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">%s against %s%s</text>", L,
                esc(objective.toString()), esc(d.key()), log ? " (log scale)" : ""));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>", L, T, W - L - R, H - T - B));
        for (int i = 0; i <= 4; i++) {
            double y = y0 + (y1 - y0) * i / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", L - 4,
                    py(y, y0, y1) + 4, num(y)));
        }
        if (numeric) {
            for (int i = 0; i <= 3; i++) {
                double x = x0 + (x1 - x0) * i / 3;
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        px(x, x0, x1), H - B + 14, num(log ? Math.pow(10, x) : x)));
            }
        } else {
            for (int i = 0; i < categories.size(); i++) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        px(i, x0, x1), H - B + 14, esc(categories.get(i))));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                (L + W - R) / 2, H - 8, esc(d.key())));
        for (Trial t : shown) {
            double cx = px(xValue(t, d, numeric, log, categories), x0, x1);
            double cy = py(t.objective(), y0, y1);
            String colour = t.status() == Trial.Status.DONE ? "#1f77b4" : "#999";
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>trial %d: "
                            + "%s = %s, %s %.4f, %d epochs</title></circle><text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%d</text>",
                    cx, cy, colour, t.id(), esc(d.key()), esc(Dimension.show(t.values().get(d.key()))), esc(objective.toString()),
                    t.objective(), t.epochs(), cx + 5, cy - 4, colour, t.id()));
        }
        return s.append("</svg>").toString();
    }

    private static double xValue(Trial t, Dimension d, boolean numeric, boolean log, List<String> categories) {
        Object v = t.values().get(d.key());
        if (!numeric) {
            return categories.indexOf(Dimension.show(v));
        }
        double x = ((Number) v).doubleValue();
        return log ? Math.log10(x) : x;
    }

    private static double px(double x, double x0, double x1) {
        return L + (x - x0) / (x1 - x0) * (W - L - R);
    }

    private static double py(double y, double y0, double y1) {
        return H - B - (y - y0) / (y1 - y0) * (H - T - B);
    }

    private static String num(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 0.01 || a >= 100000) ? String.format(Locale.ROOT, "%.2g", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
