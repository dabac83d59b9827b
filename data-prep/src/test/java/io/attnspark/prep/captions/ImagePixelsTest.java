package io.attnspark.prep.captions;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoding (ImageDecoder) and centre crop + resize (CentreCropResize) on images with known pixels. */
class ImagePixelsTest {
    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no " + format + " writer");
        return out.toByteArray();
    }

    /** width x height: the left and right margins red and green, the centre square blue. */
    static BufferedImage bandedLandscape(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int margin = (width - height) / 2;
        g.setColor(Color.RED);
        g.fillRect(0, 0, margin, height);
        g.setColor(Color.BLUE);
        g.fillRect(margin, 0, height, height);
        g.setColor(Color.GREEN);
        g.fillRect(margin + height, 0, width - margin - height, height);
        g.dispose();
        return image;
    }

    private static int[] rgbAt(byte[] pixels, int size, int y, int x) {
        int o = (y * size + x) * 3;
        return new int[] {pixels[o] & 0xFF, pixels[o + 1] & 0xFF, pixels[o + 2] & 0xFF};
    }

    @Test
    void centreCropKeepsOnlyTheCentreSquare() throws Exception {
        ImageDecoder.Decoded d = ImageDecoder.decode(encode(bandedLandscape(300, 200), "png"), 1_000_000);
        assertEquals(300, d.width());
        assertEquals(200, d.height());
        byte[] out = CentreCropResize.apply(d.rgb(), d.width(), d.height(), 32);
        assertEquals(32 * 32 * 3, out.length);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertArrayEquals(new int[] {0, 0, 255}, rgbAt(out, 32, y, x), "pixel " + y + "," + x);
            }
        }
        // Portrait: the crop is the vertical centre.
        BufferedImage portrait = new BufferedImage(10, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 10; x++) {
                portrait.setRGB(x, y, y >= 10 && y < 20 ? 0x00FF00 : 0xFF0000);
            }
        }
        byte[] p = CentreCropResize.apply(ImageDecoder.rgb(portrait), 10, 30, 5);
        for (int i = 0; i < 25; i++) {
            assertArrayEquals(new int[] {0, 255, 0}, rgbAt(p, 5, i / 5, i % 5));
        }
    }

    @Test
    void shrinkingAveragesAreasAndEnlargingBlends() {
        // 4x4 -> 2x2: each output pixel is the mean of its 2x2 block.
        int[] rgb = new int[16];
        for (int i = 0; i < 16; i++) {
            rgb[i] = (i * 10) << 16 | (255 - i) << 8 | 7;
        }
        byte[] out = CentreCropResize.apply(rgb, 4, 4, 2);
        int[][] blocks = {{0, 1, 4, 5}, {2, 3, 6, 7}, {8, 9, 12, 13}, {10, 11, 14, 15}};
        for (int b = 0; b < 4; b++) {
            double r = Arrays.stream(blocks[b]).map(i -> i * 10).average().orElseThrow();
            double g = Arrays.stream(blocks[b]).map(i -> 255 - i).average().orElseThrow();
            assertArrayEquals(new int[] {(int) Math.round(r), (int) Math.round(g), 7}, rgbAt(out, 2, b / 2, b % 2), "block " + b);
        }
        // 3x3 -> 2x2: output (0,0) covers source [0, 1.5)^2: weights 1, 0.5, 0.5, 0.25 over 2.25.
        int[] three = new int[9];
        three[0] = 90 << 16;
        byte[] small = CentreCropResize.apply(three, 3, 3, 2);
        assertEquals(40, small[0] & 0xFF);
        // Enlarging 1x1 -> 3x3 copies the pixel.
        byte[] big = CentreCropResize.apply(new int[] {0x123456}, 1, 1, 3);
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(new int[] {0x12, 0x34, 0x56}, rgbAt(big, 3, i / 3, i % 3));
        }
    }

    @Test
    void greyImagesKeepTheirGreyValue() throws Exception {
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 2, 0, 100);
        ImageDecoder.Decoded d = ImageDecoder.decode(encode(grey, "png"), 100);
        assertEquals(100 << 16 | 100 << 8 | 100, d.rgb()[2 * 4 + 1]);
        assertEquals(0, d.rgb()[0]);
    }

    @Test
    void jpegDecodesCloseToItsColourAndAlphaIsDropped() throws Exception {
        BufferedImage solid = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = solid.createGraphics();
        g.setColor(new Color(200, 40, 90));
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        ImageDecoder.Decoded d = ImageDecoder.decode(encode(solid, "jpg"), 1000);
        int centre = d.rgb()[8 * 16 + 8];
        assertEquals(200, (centre >> 16) & 0xFF, 4);
        assertEquals(40, (centre >> 8) & 0xFF, 4);
        assertEquals(90, centre & 0xFF, 4);

        BufferedImage alpha = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        alpha.setRGB(0, 0, 0x80FF8000);
        assertEquals(0xFF8000, ImageDecoder.decode(encode(alpha, "png"), 10).rgb()[0]);
    }

    @Test
    void theRasterPathGivesWhatGetRgbGives() {
        java.util.Random random = new java.util.Random(3);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_USHORT_565_RGB}) {
            BufferedImage image = new BufferedImage(7, 5, type);
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    image.setRGB(x, y, random.nextInt());
                }
            }
            int[] expected = image.getRGB(0, 0, 7, 5, null, 0, 7);
            for (int i = 0; i < expected.length; i++) {
                expected[i] &= 0xFFFFFF;
            }
            assertArrayEquals(expected, ImageDecoder.rgb(image), "type " + type);
        }
    }

    @Test
    void resizingToTheCropSizeIsAPlainCrop() {
        java.util.Random random = new java.util.Random(5);
        int[] rgb = new int[9 * 6];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt() & 0xFFFFFF;
        }
        byte[] out = CentreCropResize.apply(rgb, 9, 6, 6);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                int p = rgb[y * 9 + x + 1];
                assertArrayEquals(new int[] {p >> 16, (p >> 8) & 0xFF, p & 0xFF}, rgbAt(out, 6, y, x));
            }
        }
    }

    @Test
    void garbageTruncatedAndHugeImagesFailWithTheirReason() throws Exception {
        ImageDecoder.Failure f = assertThrows(ImageDecoder.Failure.class,
                () -> ImageDecoder.decode("not an image at all".getBytes(StandardCharsets.UTF_8), 100));
        assertEquals(ImageSkip.CORRUPT, f.reason());
        assertEquals("not an image format javax.imageio reads", f.getMessage());

        byte[] jpeg = encode(bandedLandscape(64, 48), "jpg");
        f = assertThrows(ImageDecoder.Failure.class, () -> ImageDecoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2), 100_000));
        assertEquals(ImageSkip.CORRUPT, f.reason(), f.getMessage());
        byte[] png = encode(bandedLandscape(64, 48), "png");
        f = assertThrows(ImageDecoder.Failure.class, () -> ImageDecoder.decode(Arrays.copyOf(png, png.length / 2), 100_000));
        assertEquals(ImageSkip.CORRUPT, f.reason(), f.getMessage());

        f = assertThrows(ImageDecoder.Failure.class, () -> ImageDecoder.decode(png, 64 * 48 - 1));
        assertEquals(ImageSkip.TOO_LARGE, f.reason());
        assertEquals("64x48 is more than 3071 pixels", f.getMessage());
    }
}
