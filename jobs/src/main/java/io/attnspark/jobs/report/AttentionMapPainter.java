package io.attnspark.jobs.report;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Attention maps of a caption as in the Show, Attend and Tell figures: one panel per generated word, each the
 * image (upscaled bilinearly to {@link #panelSide}) with that word's attention over the H' x W' grid upsampled
 * bilinearly to the panel and laid over it as a translucent heat map (blue = little, red = most of that step's
 * attention), the word written under the panel. Plain {@code java.awt} in memory, headless.
 */
public final class AttentionMapPainter {
    /** Smallest panel side in pixels; images are upscaled by a whole factor to at least this. */
    public static final int MIN_PANEL = 96;
    /** Height of the strip under each panel holding its word. */
    public static final int LABEL = 18;
    /** Space around and between panels. */
    public static final int GAP = 4;
    /** Opacity of the heat map over the image. */
    private static final double ALPHA = 0.5;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private AttentionMapPainter() {
    }

    /** Panel side for images of {@code size} pixels: size times the smallest whole factor reaching {@link #MIN_PANEL}. */
    public static int panelSide(int size) {
        return size * Math.max(1, (MIN_PANEL + size - 1) / size);
    }

    /**
     * The figure as an image: {@code words.size()} panels side by side.
     *
     * @param pixels     unsigned RGB bytes, shape {@code [size, size, 3]}, row-major (prep-captions' layout)
     * @param gridHeight H' of the attention grid
     * @param gridWidth  W'
     * @param words      the panel labels, one per panel (at least one)
     * @param attention  weights, shape {@code [>= words.size()][gridHeight * gridWidth]}, row-major over the grid:
     *                   row i is the attention when word i was generated
     */
    public static BufferedImage paint(byte[] pixels, int size, int gridHeight, int gridWidth, List<String> words,
                                      float[][] attention) {
        if (pixels.length != size * size * 3) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes for a " + size + "x" + size + " RGB image");
        }
        if (words.isEmpty() || attention.length < words.size()) {
            throw new IllegalArgumentException(words.size() + " words but " + attention.length + " attention rows");
        }
        int side = panelSide(size);
        float[][] image = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] plane = new float[size * size];
            for (int p = 0; p < plane.length; p++) {
                plane[p] = (pixels[p * 3 + c] & 0xFF) / 255f;
            }
            image[c] = upsample(plane, size, size, side);
        }
        int n = words.size();
        BufferedImage out = new BufferedImage(GAP + n * (side + GAP), GAP + side + LABEL + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int w = 0; w < n; w++) {
                int x0 = GAP + w * (side + GAP);
                float[] row = attention[w];
                if (row.length != gridHeight * gridWidth) {
                    throw new IllegalArgumentException("attention row " + w + " has " + row.length + " weights for a "
                            + gridHeight + "x" + gridWidth + " grid");
                }
                float max = 0;
                for (float v : row) {
                    max = Math.max(max, v);
                }
                float[] heat = upsample(row, gridHeight, gridWidth, side);
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int p = y * side + x;
                        double v = max > 0 ? Math.max(0, Math.min(1, heat[p] / max)) : 0;
                        int[] hc = jet(v);
                        int r = blend(image[0][p], hc[0]);
                        int gr = blend(image[1][p], hc[1]);
                        int b = blend(image[2][p], hc[2]);
                        out.setRGB(x0 + x, GAP + y, (r << 16) | (gr << 8) | b);
                    }
                }
                String label = fit(words.get(w), fm, side);
                g.setColor(Color.BLACK);
                g.drawString(label, x0 + (side - fm.stringWidth(label)) / 2, GAP + side + LABEL - 5);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@link #paint} encoded as PNG. */
    public static byte[] png(byte[] pixels, int size, int gridHeight, int gridWidth, List<String> words,
                             float[][] attention) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(paint(pixels, size, gridHeight, gridWidth, words, attention), "png", bytes)) {
                throw new IllegalStateException("javax.imageio has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Bilinear upsampling of {@code values} [h * w] (row-major) to a square [side * side], sampling at pixel
     * centres (the grid's cells cover the square evenly; edges are clamped).
     */
    static float[] upsample(float[] values, int h, int w, int side) {
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            double gy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / side - 0.5));
            int y0 = (int) Math.floor(gy);
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = gy - y0;
            for (int x = 0; x < side; x++) {
                double gx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / side - 0.5));
                int x0 = (int) Math.floor(gx);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = gx - x0;
                double top = values[y0 * w + x0] * (1 - fx) + values[y0 * w + x1] * fx;
                double bottom = values[y1 * w + x0] * (1 - fx) + values[y1 * w + x1] * fx;
                out[y * side + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    /** The jet colour map at {@code v} in [0, 1]: dark blue, blue, cyan, yellow, red, dark red; RGB 0..255. */
    static int[] jet(double v) {
        double r = clamp(1.5 - Math.abs(4 * v - 3));
        double g = clamp(1.5 - Math.abs(4 * v - 2));
        double b = clamp(1.5 - Math.abs(4 * v - 1));
        return new int[] {(int) Math.round(255 * r), (int) Math.round(255 * g), (int) Math.round(255 * b)};
    }

    private static int blend(float image, int heat) {
        return (int) Math.round((1 - ALPHA) * 255 * image + ALPHA * heat);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static String fit(String word, FontMetrics fm, int width) {
        if (fm.stringWidth(word) <= width) {
            return word;
        }
        String s = word;
        while (s.length() > 1 && fm.stringWidth(s + "…") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }
}
