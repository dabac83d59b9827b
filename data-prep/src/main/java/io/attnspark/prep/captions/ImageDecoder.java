package io.attnspark.prep.captions;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes an image file's bytes with {@code javax.imageio} (JPEG and PNG; also BMP, GIF, TIFF, which the JDK
 * reads too) into 8-bit RGB, in memory only (no ImageIO disk cache).
 *
 * <p>Colour: grey-scale images give R = G = B = the stored grey value (Java's own conversion would treat the
 * grey as linear light and brighten it; tools such as PIL do not), scaled to 8 bits; everything else goes
 * through {@link BufferedImage#getRGB} to sRGB. Alpha is dropped (the colour channels are kept as stored, as
 * PIL's {@code convert("RGB")} does). A reader warning (a truncated or damaged JPEG decodes with grey filler
 * and only a warning) counts as corrupt.
 */
final class ImageDecoder {
    /** Why an image could not be decoded: {@link ImageSkip#TOO_LARGE} or {@link ImageSkip#CORRUPT}, and a detail. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final ImageSkip reason;

        Failure(ImageSkip reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        ImageSkip reason() {
            return reason;
        }
    }

    /**
     * A decoded image.
     *
     * @param width  pixels across
     * @param height pixels down
     * @param rgb    packed {@code 0xRRGGBB} per pixel, row-major, shape {@code [height * width]}
     */
    record Decoded(int width, int height, int[] rgb) {
    }

    private ImageDecoder() {
    }

    /**
     * @param maxPixels images with more pixels (read from the header, before decoding) fail as too-large
     * @throws Failure with {@link ImageSkip#TOO_LARGE} or {@link ImageSkip#CORRUPT}
     */
    static Decoded decode(byte[] bytes, long maxPixels) throws Failure {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new Failure(ImageSkip.CORRUPT, "not an image format javax.imageio reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String[] warning = new String[1];
                reader.addIIOReadWarningListener((IIOReadWarningListener) (source, message) -> {
                    if (warning[0] == null) {
                        warning[0] = message;
                    }
                });
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw new Failure(ImageSkip.CORRUPT, "size " + width + "x" + height);
                }
                if (width * height > maxPixels) {
                    throw new Failure(ImageSkip.TOO_LARGE, width + "x" + height + " is more than " + maxPixels + " pixels");
                }
                BufferedImage image = reader.read(0);
                if (warning[0] != null) {
                    throw new Failure(ImageSkip.CORRUPT, reader.getFormatName() + ": " + warning[0]);
                }
                return new Decoded(image.getWidth(), image.getHeight(), rgb(image));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            throw new Failure(ImageSkip.CORRUPT, e.getClass().getSimpleName() + message);
        }
    }

    /** Packed {@code 0xRRGGBB}, row-major. */
    static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorSpace space = image.getColorModel().getColorSpace();
        if (space.getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            int max = (1 << bits) - 1;
            int[] out = new int[w * h];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int g = bits == 8 ? row[x] : (int) Math.round(row[x] * 255.0 / max);
                    out[y * w + x] = (g << 16) | (g << 8) | g;
                }
            }
            return out;
        }
        ColorModel model = image.getColorModel();
        if (model instanceof ComponentColorModel && space.isCS_sRGB() && !model.isAlphaPremultiplied()
                && model.getNumColorComponents() == 3 && model.getComponentSize(0) == 8 && model.getComponentSize(1) == 8
                && model.getComponentSize(2) == 8) {
            // 8-bit sRGB (what JPEG and RGB(A) PNG decode to): the samples are the colours; read them straight from
            // the raster, which getRGB would convert pixel by pixel through the colour model to the same values.
            Raster raster = image.getRaster();
            int bands = raster.getNumBands();
            int[] row = new int[w * bands];
            int[] out = new int[w * h];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0, o = y * w; x < w; x++, o++) {
                    int b = x * bands;
                    out[o] = (row[b] << 16) | (row[b + 1] << 8) | row[b + 2];
                }
            }
            return out;
        }
        int[] out = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xFFFFFF;
        }
        return out;
    }
}
