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
        Axis axis = new Axis(s, size);
        // Horizontal pass over the rows of the crop: [s rows][size columns][3].
        double[] rows = new double[s * size * 3];
        for (int y = 0; y < s; y++) {
            int rowStart = (y0 + y) * width + x0;
            for (int i = 0; i < size; i++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int k = 0; k < axis.count[i]; k++) {
                    int p = rgb[rowStart + axis.first[i] + k];
                    double w = axis.weights[i][k];
                    r += w * ((p >> 16) & 0xFF);
                    g += w * ((p >> 8) & 0xFF);
                    b += w * (p & 0xFF);
                }
                int o = (y * size + i) * 3;
                rows[o] = r;
                rows[o + 1] = g;
                rows[o + 2] = b;
            }
        }
        // Vertical pass: [size][size][3].
        byte[] out = new byte[size * size * 3];
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int k = 0; k < axis.count[j]; k++) {
                        v += axis.weights[j][k] * rows[((axis.first[j] + k) * size + i) * 3 + c];
                    }
                    out[(j * size + i) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return out;
    }

    /** For each output index, the source pixels it covers and their normalised overlap weights. */
    private static final class Axis {
        final int[] first;
        final int[] count;
        final double[][] weights;

        Axis(int source, int target) {
            first = new int[target];
            count = new int[target];
            weights = new double[target][];
            double scale = (double) source / target;
            for (int i = 0; i < target; i++) {
                double from = i * scale;
                double to = (i + 1) * scale;
                int a = (int) Math.floor(from);
                int b = Math.min(source, (int) Math.ceil(to));
                first[i] = a;
                count[i] = b - a;
                weights[i] = new double[b - a];
                for (int k = 0; k < b - a; k++) {
                    double overlap = Math.min(to, a + k + 1) - Math.max(from, a + k);
                    weights[i][k] = overlap / scale;
                }
            }
        }
    }
}
