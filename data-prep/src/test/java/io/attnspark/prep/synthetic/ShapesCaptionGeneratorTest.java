package io.attnspark.prep.synthetic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapesCaptionGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void scenesAreDeterministicAndCaptionsSayWhereEachShapeIs() {
        List<ShapesCaptionGenerator.Scene> a = ShapesCaptionGenerator.generate(50, 32, 7);
        assertEquals(a, ShapesCaptionGenerator.generate(50, 32, 7));
        assertNotEquals(a, ShapesCaptionGenerator.generate(50, 32, 8));
        for (ShapesCaptionGenerator.Scene s : a) {
            assertEquals(3, s.captions().size());
            String first = s.first().words();
            String second = s.second().words();
            assertNotEquals(first, second, s.toString());
            if (s.layout() == ShapesCaptionGenerator.Layout.VERTICAL) {
                assertEquals("a " + first + " above a " + second, s.captions().get(0));
                assertTrue(s.first().y() + s.first().side() <= 16 && s.second().y() >= 16, s.toString());
            } else {
                assertEquals("a " + second + " to the right of a " + first, s.captions().get(1));
                assertTrue(s.first().x() + s.first().side() <= 16 && s.second().x() >= 16, s.toString());
            }
        }
    }

    @Test
    void eachShapeHasItsColourAtItsCentre() {
        for (ShapesCaptionGenerator.Scene s : ShapesCaptionGenerator.generate(20, 48, 3)) {
            BufferedImage image = ShapesCaptionGenerator.render(s, 48);
            for (ShapesCaptionGenerator.Item item : List.of(s.first(), s.second())) {
                int cx = item.x() + item.side() / 2;
                int cy = item.y() + item.side() * 2 / 3; // inside the triangle too
                assertEquals(item.colour().rgb(), image.getRGB(cx, cy) & 0xFFFFFF, s.name() + " " + item);
            }
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    if (!inside(s.first(), x, y) && !inside(s.second(), x, y)) {
                        assertEquals(0xFFFFFF, image.getRGB(x, y) & 0xFFFFFF, s.name() + " background at " + x + "," + y);
                    }
                }
            }
        }
    }

    private static boolean inside(ShapesCaptionGenerator.Item item, int x, int y) {
        return x >= item.x() && x <= item.x() + item.side() && y >= item.y() && y <= item.y() + item.side();
    }

    @Test
    void writesFlickr8kStyleFilesByteForByteReproducibly() throws Exception {
        ShapesCaptionGenerator.Written w = ShapesCaptionGenerator.write(dir.resolve("a"), 4, 2, 1, 32, 11);
        ShapesCaptionGenerator.write(dir.resolve("b"), 4, 2, 1, 32, 11);
        List<String> captions = Files.readAllLines(w.captions());
        assertEquals(21, captions.size());
        assertTrue(captions.get(0).matches("shapes-000001\\.png#0\ta (red|green|blue|yellow) (circle|square|triangle) .*"), captions.get(0));
        assertEquals(List.of("shapes-000001.png", "shapes-000002.png", "shapes-000003.png", "shapes-000004.png"),
                Files.readAllLines(w.trainList()));
        assertEquals(List.of("shapes-000005.png", "shapes-000006.png"), Files.readAllLines(w.validList()));
        assertEquals(List.of("shapes-000007.png"), Files.readAllLines(w.testList()));
        for (int i = 1; i <= 7; i++) {
            String name = String.format("shapes-%06d.png", i);
            assertArrayEquals(Files.readAllBytes(w.images().resolve(name)), Files.readAllBytes(dir.resolve("b/images").resolve(name)));
            BufferedImage png = ImageIO.read(w.images().resolve(name).toFile());
            assertEquals(32, png.getWidth());
            assertEquals(32, png.getHeight());
        }
    }
}
