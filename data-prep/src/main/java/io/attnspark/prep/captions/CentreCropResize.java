package io.attnspark.prep.captions;

/**
 * Centre crop to a square, then resize by area averaging, in plain Java (so the result does not depend on a
 * Java2D rendering pipeline). The crop is the {@code s x s} square, {@code s = min(width, height)}, at offset
 * {@code ((width - s) / 2, (height - s) / 2)} (integer division: an odd margin leaves the extra column or row on
 * the right or bottom). Each output pixel is the mean of the source area it covers, every source pixel weighted
 * by its overlap, which is exact box filtering when shrinking and blends at most two source pixels per axis
 * when enlarging. Rounded to the nearest integer.
 */
final class CentreCropResize {
    private CentreCropResize() {
    }

    /**
     * @param rgb    packed {@code 0xRRGGBB}, row-major, shape {@code [height * width]}
     * @param size   side of the output square
     * @return RGB bytes, row-major with interleaved channels, shape {@code [size, size, 3]} (unsigned)
     */
    static byte[] apply(int[] rgb, int width, int height, int size) {
        if (rgb.length != width * height) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " pixels, not " + width + "x" + height);
        }
        int s = Math.min(width, height);
        int x0 = (width - s) / 2;
        int y0 = (height - s) / 2;
        if (s == size) {
            return crop(rgb, width, x0, y0, size);
        }
        Axis axis = new Axis(s, size);
        int rowLength = size * 3;
        // Horizontal pass over the rows of the crop: [s rows][size columns][3].
        double[] rows = new double[s * rowLength];
        for (int y = 0; y < s; y++) {
            int rowStart = (y0 + y) * width + x0;
            int o = y * rowLength;
            for (int i = 0; i < size; i++, o += 3) {
                double r = 0;
                double g = 0;
                double b = 0;
                int first = rowStart + axis.first[i];
                double[] weights = axis.weights[i];
                for (int k = 0; k < weights.length; k++) {
                    int p = rgb[first + k];
                    double w = weights[k];
                    r += w * ((p >> 16) & 0xFF);
                    g += w * ((p >> 8) & 0xFF);
                    b += w * (p & 0xFF);
                }
                rows[o] = r;
                rows[o + 1] = g;
                rows[o + 2] = b;
            }
        }
        // Vertical pass, whole rows at a time: [size][size][3].
        byte[] out = new byte[size * rowLength];
        double[] acc = new double[rowLength];
        for (int j = 0; j < size; j++) {
            java.util.Arrays.fill(acc, 0);
            double[] weights = axis.weights[j];
            for (int k = 0; k < weights.length; k++) {
                double w = weights[k];
                int base = (axis.first[j] + k) * rowLength;
                for (int t = 0; t < rowLength; t++) {
                    acc[t] += w * rows[base + t];
                }
            }
            int o = j * rowLength;
            for (int t = 0; t < rowLength; t++) {
                out[o + t] = (byte) Math.min(255, (int) (acc[t] + 0.5)); // acc >= 0: this is Math.round
            }
        }
        return out;
    }

    /** The {@code size x size} square at {@code (x0, y0)}, unscaled. */
    private static byte[] crop(int[] rgb, int width, int x0, int y0, int size) {
        byte[] out = new byte[size * size * 3];
        int o = 0;
        for (int y = 0; y < size; y++) {
            int p = (y0 + y) * width + x0;
            for (int x = 0; x < size; x++, p++) {
                out[o++] = (byte) (rgb[p] >> 16);
                out[o++] = (byte) (rgb[p] >> 8);
                out[o++] = (byte) rgb[p];
            }
        }
        return out;
    }

    /** For each output index, the source pixels it covers and their normalised overlap weights. */
    private static final class Axis {
        final int[] first;
        final double[][] weights;

        Axis(int source, int target) {
            first = new int[target];
            weights = new double[target][];
            double scale = (double) source / target;
            for (int i = 0; i < target; i++) {
                double from = i * scale;
                double to = (i + 1) * scale;
                int a = (int) Math.floor(from);
                int b = Math.min(source, (int) Math.ceil(to));
                first[i] = a;
                weights[i] = new double[b - a];
                for (int k = 0; k < b - a; k++) {
                    double overlap = Math.min(to, a + k + 1) - Math.max(from, a + k);
                    weights[i][k] = overlap / scale;
                }
            }
        }
    }
}
