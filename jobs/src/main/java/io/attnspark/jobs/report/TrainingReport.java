package io.attnspark.jobs.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html} of a model directory: a self-contained page (inline SVG, no scripts, no downloads) with
 * the loss, validation BLEU and learning-rate curves from {@code metrics.jsonl}, and attention heatmaps of a
 * few validation sentences decoded by the current model. Rewritten after every epoch.
 */
public final class TrainingReport {
    private static final int W = 520;
    private static final int H = 260;
    private static final int PAD_L = 60;
    private static final int PAD_B = 40;
    private static final int PAD_T = 28;
    private static final int PAD_R = 20;

    private TrainingReport() {
    }

    /** One decoded sentence: source pieces (columns), output pieces (rows) and weights [rows][columns]. */
    public record Alignment(List<String> source, List<String> output, float[][] weights) {
    }

    /** A picture for the page: a title (e.g. the caption) and a PNG, embedded as a data URI. */
    public record Figure(String title, byte[] png) {
    }

    /** A named series of (epoch, value) points. */
    record Series(String name, String colour, List<double[]> points) {
    }

    /** The page for {@code metrics} (lines of metrics.jsonl, in order) and {@code alignments}. */
    public static String html(String title, List<Map<String, Object>> metrics, List<Alignment> alignments) {
        return html(title, metrics, alignments, List.of());
    }

    /**
     * The page for {@code metrics}, {@code alignments} and {@code attentionMaps} (captioning: per validation
     * image, the image with the attention of each generated word).
     */
    public static String html(String title, List<Map<String, Object>> metrics, List<Alignment> alignments,
                              List<Figure> attentionMaps) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}"
                        + "h2{margin-top:32px}svg{margin:8px 16px 8px 0;background:#fff}"
                        + "table{border-collapse:collapse}td,th{padding:2px 8px;text-align:right}"
                        + "tr:nth-child(even){background:#f3f3f3}</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n");
        if (metrics.isEmpty()) {
            b.append("<p>No epoch finished yet.</p>\n");
        } else {
            b.append(chart("Loss per target token (nats)", List.of(
                    series(metrics, "train_loss", "train (epoch mean)", "#1f77b4"),
                    series(metrics, "valid_loss", "validation", "#d62728"))));
            Series bleu = series(metrics, "valid_bleu_greedy", "validation BLEU (greedy)", "#2ca02c");
            if (!bleu.points().isEmpty()) {
                b.append(chart("Validation BLEU", List.of(bleu)));
            }
            b.append(chart("Learning rate", List.of(series(metrics, "learning_rate", "learning rate", "#9467bd"))));
            b.append(table(metrics));
        }
        if (!alignments.isEmpty()) {
            b.append("<h2>Attention on validation sentences</h2>\n<p>Rows: the model's output pieces; columns: the "
                    + "source pieces (with &lt;/s&gt;); darker = more attention.</p>\n");
            for (Alignment a : alignments) {
                b.append(heatmap(a)).append('\n');
            }
        }
        if (!attentionMaps.isEmpty()) {
            b.append("<h2>Attention maps of validation images</h2>\n<p>One panel per generated word: the image with "
                    + "the attention of that step over the grid, upsampled (blue = little, red = most).</p>\n");
            for (Figure f : attentionMaps) {
                b.append("<figure><img alt=\"").append(esc(f.title())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption>")
                        .append(esc(f.title())).append("</figcaption></figure>\n");
            }
        }
        return b.append("</body></html>\n").toString();
    }

    static Series series(List<Map<String, Object>> metrics, String key, String name, String colour) {
        List<double[]> points = new ArrayList<>();
        for (Map<String, Object> m : metrics) {
            if (m.get(key) instanceof Number v && m.get("epoch") instanceof Number e && Double.isFinite(v.doubleValue())) {
                points.add(new double[] {e.doubleValue(), v.doubleValue()});
            }
        }
        return new Series(name, colour, points);
    }

    static String chart(String title, List<Series> all) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : all) {
            for (double[] p : s.points()) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                y0 = Math.min(y0, p[1]);
                y1 = Math.max(y1, p[1]);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
                + "<title>%s</title>", W, H, W, H, esc(title)));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"14\" font-weight=\"bold\">%s</text>",
                PAD_L, esc(title)));
        if (x0 > x1) {
            return b.append("<text x=\"80\" y=\"120\">no data</text></svg>").toString();
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y1 = y0 + Math.max(1e-9, Math.abs(y0) * 0.1);
            y0 = y0 - Math.max(1e-9, Math.abs(y0) * 0.1);
        }
        int pw = W - PAD_L - PAD_R;
        int ph = H - PAD_T - PAD_B;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", PAD_L, PAD_T, pw, ph));
        for (int i = 0; i <= 4; i++) {
            double v = y0 + (y1 - y0) * i / 4;
            double y = PAD_T + ph - ph * i / 4.0;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                    PAD_L, PAD_L + pw, y, y, PAD_L - 4, y + 4, num(v)));
        }
        int ticks = (int) Math.min(10, x1 - x0);
        for (int i = 0; i <= ticks; i++) {
            double v = x0 + (x1 - x0) * i / Math.max(1, ticks);
            double x = PAD_L + pw * (v - x0) / (x1 - x0);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s"
                    + "</text>", x, PAD_T + ph + 14, num(v)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">epoch"
                + "</text>", PAD_L + pw / 2, H - 6));
        int legend = 0;
        for (Series s : all) {
            if (s.points().isEmpty()) {
                continue;
            }
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                double x = PAD_L + pw * (p[0] - x0) / (x1 - x0);
                double y = PAD_T + ph - ph * (p[1] - y0) / (y1 - y0);
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", x, y,
                        s.colour()));
            }
            b.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                    path, s.colour()));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
                    PAD_L + 8 + legend * 170, PAD_T + 14, s.colour(), esc(s.name())));
            legend++;
        }
        return b.append("</svg>\n").toString();
    }

    static String table(List<Map<String, Object>> metrics) {
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> m : metrics) {
            for (String k : m.keySet()) {
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
        }
        StringBuilder b = new StringBuilder("<h2>Epochs</h2>\n<table><tr>");
        for (String k : keys) {
            b.append("<th>").append(esc(k)).append("</th>");
        }
        b.append("</tr>\n");
        for (Map<String, Object> m : metrics) {
            b.append("<tr>");
            for (String k : keys) {
                Object v = m.get(k);
                b.append("<td>").append(v instanceof Double d ? num(d) : esc(v == null ? "" : v.toString()))
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    static String heatmap(Alignment a) {
        int cell = 18;
        int left = 10 + 7 * a.output().stream().mapToInt(String::length).max().orElse(4);
        int top = 10 + 7 * a.source().stream().mapToInt(String::length).max().orElse(4);
        int rows = a.weights().length;
        int cols = a.source().size();
        int w = left + cols * cell + 10;
        int h = top + rows * cell + 10;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>", w, h, w, h,
                esc(String.join(" ", a.output()))));
        for (int c = 0; c < cols; c++) {
            double x = left + c * cell + cell / 2.0 + 4;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                    + "transform=\"rotate(-60 %.1f %d)\">%s</text>", x, top - 4, x, top - 4, esc(a.source().get(c))));
        }
        for (int r = 0; r < rows; r++) {
            int y = top + r * cell;
            String label = r < a.output().size() ? a.output().get(r) : "";
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                    left - 4, y + cell - 5, esc(label)));
            for (int c = 0; c < cols && c < a.weights()[r].length; c++) {
                double v = Math.max(0, Math.min(1, a.weights()[r][c]));
                int shade = (int) Math.round(255 * (1 - v));
                b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                        + "fill=\"rgb(%d,%d,255)\" stroke=\"#ddd\"><title>%.3f</title></rect>",
                        left + c * cell, y, cell, cell, shade, shade, v));
            }
        }
        return b.append("</svg>").toString();
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        return a != 0 && (a < 0.01 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
