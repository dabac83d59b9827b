package io.attnspark.jobs.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attention-map figures: layout, where the heat goes, the PNG, and that it runs headless. */
class AttentionMapPainterTest {
    private static final int SIZE = 16;

    /** A grey 16x16 image. */
    private static byte[] grey() {
        byte[] p = new byte[SIZE * SIZE * 3];
        java.util.Arrays.fill(p, (byte) 128);
        return p;
    }

    @Test
    void onePanelPerWordUpscaledToAtLeast96Pixels() throws Exception {
        assertEquals(96, AttentionMapPainter.panelSide(16));
        assertEquals(100, AttentionMapPainter.panelSide(50));
        assertEquals(128, AttentionMapPainter.panelSide(128));
        float[][] att = {{1, 0, 0, 0}, {0, 0, 0, 1}, {0.25f, 0.25f, 0.25f, 0.25f}, {0, 1, 0, 0}};
        byte[] png = AttentionMapPainter.png(grey(), SIZE, 2, 2, List.of("a", "red", "circle"), att);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int side = 96;
        int gap = AttentionMapPainter.GAP;
        assertEquals(gap + 3 * (side + gap), img.getWidth());
        assertEquals(gap + side + AttentionMapPainter.LABEL + gap, img.getHeight());
        assertTrue(GraphicsEnvironment.isHeadless(), "painting sets java.awt.headless");

        // Panel 0 attends the top-left cell: hot (red-ish) there, cold (blue-ish) at the bottom right; panel 1 the opposite.
        int[] topLeft0 = rgb(img, gap + 5, gap + 5);
        int[] bottomRight0 = rgb(img, gap + side - 5, gap + side - 5);
        assertTrue(topLeft0[0] > topLeft0[2] && bottomRight0[2] > bottomRight0[0],
                java.util.Arrays.toString(topLeft0) + " " + java.util.Arrays.toString(bottomRight0));
        int x1 = gap + side + gap;
        int[] topLeft1 = rgb(img, x1 + 5, gap + 5);
        int[] bottomRight1 = rgb(img, x1 + side - 5, gap + side - 5);
        assertTrue(bottomRight1[0] > bottomRight1[2] && topLeft1[2] > topLeft1[0]);
        // Uniform attention: the same colour everywhere in the panel.
        int x2 = gap + 2 * (side + gap);
        assertArrayEquals(rgb(img, x2 + 3, gap + 3), rgb(img, x2 + side - 3, gap + side - 3));
        // The label strip holds dark text pixels under each panel.
        for (int w = 0; w < 3; w++) {
            int x0 = gap + w * (side + gap);
            boolean ink = false;
            for (int y = gap + side; y < img.getHeight() && !ink; y++) {
                for (int x = x0; x < x0 + side && !ink; x++) {
                    ink = rgb(img, x, y)[0] < 100;
                }
            }
            assertTrue(ink, "no label under panel " + w);
        }
    }

    @Test
    void bilinearUpsamplingKeepsTheMassWhereTheGridPutsIt() {
        float[] up = AttentionMapPainter.upsample(new float[] {0, 1, 0, 0}, 2, 2, 8);
        assertEquals(1f, up[7], 1e-6);          // top-right corner: clamped to the cell's value
        assertEquals(0f, up[7 * 8], 1e-6);      // bottom-left
        assertEquals(0.25f, up[3 * 8 + 3], 0.2); // centre: a blend
        assertTrue(up[3] < up[4], "rises towards the attended cell");
    }

    @Test
    void refusesMismatchedShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> AttentionMapPainter.paint(grey(), SIZE, 2, 2, List.of("a", "b"), new float[][] {{1, 0, 0, 0}}));
        assertThrows(IllegalArgumentException.class,
                () -> AttentionMapPainter.paint(grey(), SIZE, 3, 3, List.of("a"), new float[][] {{1, 0, 0, 0}}));
        assertThrows(IllegalArgumentException.class,
                () -> AttentionMapPainter.paint(new byte[10], SIZE, 2, 2, List.of("a"), new float[][] {{1, 0, 0, 0}}));
    }

    private static int[] rgb(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
    }
}
