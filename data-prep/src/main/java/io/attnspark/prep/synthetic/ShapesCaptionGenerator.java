package io.attnspark.prep.synthetic;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded, deterministic synthetic captioning set: small PNG images of two coloured shapes on white, one above
 * the other or side by side, each with three captions that name both shapes and where they are
 * ({@code "a red circle above a blue square"}, {@code "a blue square below a red circle"},
 * {@code "a red circle and a blue square"}). The two shapes always differ in shape or colour, so every caption
 * says which is where.
 *
 * <p>{@link #write} lays the set out as Flickr8k is: {@code images/shapes-000001.png ...}, {@code captions.txt}
 * in the token format ({@code NAME#N<TAB>caption}), and {@code train.txt}, {@code valid.txt}, {@code test.txt}
 * lists. Shapes are drawn without anti-aliasing, so every shape pixel has exactly its colour. The same seed and
 * sizes give the same files on every JVM ({@link Random}'s algorithm is specified).
 */
public final class ShapesCaptionGenerator {
    /** The shapes drawn. */
    public enum Shape { CIRCLE, SQUARE, TRIANGLE }

    /** The colours used, as pure RGB. */
    public enum Colour {
        RED(0xFF0000), GREEN(0x00C000), BLUE(0x0000FF), YELLOW(0xFFD700);

        private final int rgb;

        Colour(int rgb) {
            this.rgb = rgb;
        }

        /** Packed {@code 0xRRGGBB}. */
        public int rgb() {
            return rgb;
        }
    }

    /** How the two shapes are placed: first above second, or first left of second. */
    public enum Layout { VERTICAL, HORIZONTAL }

    /**
     * One shape: what, which colour, its bounding box (top-left corner and side, in pixels).
     */
    public record Item(Shape shape, Colour colour, int x, int y, int side) {
        /** {@code "red circle"}. */
        public String words() {
            return colour.name().toLowerCase(Locale.ROOT) + " " + shape.name().toLowerCase(Locale.ROOT);
        }
    }

    /** One image: its file name, the two shapes (first above or left of second) and its three captions. */
    public record Scene(String name, Layout layout, Item first, Item second, List<String> captions) {
    }

    /** What {@link #write} wrote. */
    public record Written(Path images, Path captions, Path trainList, Path validList, Path testList) {
    }

    public static final Color BACKGROUND = Color.WHITE;

    private ShapesCaptionGenerator() {
    }

    /** {@code count} scenes of {@code size x size} pixels (size at least 16), named from 1. */
    public static List<Scene> generate(int count, int size, long seed) {
        if (size < 16) {
            throw new IllegalArgumentException("image size " + size + " is below 16 pixels");
        }
        Random random = new Random(seed);
        List<Scene> scenes = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Layout layout = random.nextBoolean() ? Layout.VERTICAL : Layout.HORIZONTAL;
            Shape s1 = pick(random, Shape.values());
            Colour c1 = pick(random, Colour.values());
            Shape s2;
            Colour c2;
            do {
                s2 = pick(random, Shape.values());
                c2 = pick(random, Colour.values());
            } while (s2 == s1 && c2 == c1);
            Item first = place(random, s1, c1, layout, 0, size);
            Item second = place(random, s2, c2, layout, 1, size);
            scenes.add(new Scene(String.format(Locale.ROOT, "shapes-%06d.png", i), layout, first, second,
                    captions(layout, first, second)));
        }
        return scenes;
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A shape in half {@code half} (0 top/left, 1 bottom/right), side 50-80% of the half's short side. */
    private static Item place(Random random, Shape shape, Colour colour, Layout layout, int half, int size) {
        int halfSize = size / 2;
        int side = halfSize * (50 + random.nextInt(31)) / 100;
        int along = half * halfSize + random.nextInt(halfSize - side + 1);
        int across = random.nextInt(size - side + 1);
        return layout == Layout.VERTICAL
                ? new Item(shape, colour, across, along, side)
                : new Item(shape, colour, along, across, side);
    }

    static List<String> captions(Layout layout, Item first, Item second) {
        String a = first.words();
        String b = second.words();
        List<String> out = new ArrayList<>(3);
        if (layout == Layout.VERTICAL) {
            out.add("a " + a + " above a " + b);
            out.add("a " + b + " below a " + a);
        } else {
            out.add("a " + a + " to the left of a " + b);
            out.add("a " + b + " to the right of a " + a);
        }
        out.add("a " + a + " and a " + b);
        return out;
    }

    /** The scene drawn on {@code size x size} RGB pixels. */
    public static BufferedImage render(Scene scene, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, size, size);
            draw(g, scene.first());
            draw(g, scene.second());
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void draw(Graphics2D g, Item item) {
        g.setColor(new Color(item.colour().rgb()));
        int x = item.x();
        int y = item.y();
        int s = item.side();
        switch (item.shape()) {
            case CIRCLE -> g.fillOval(x, y, s, s);
            case SQUARE -> g.fillRect(x, y, s, s);
            case TRIANGLE -> g.fillPolygon(new int[] {x + s / 2, x + s, x}, new int[] {y, y + s, y + s}, 3);
        }
    }

    /**
     * Writes {@code train + valid + test} scenes of {@code size x size} pixels to {@code dir} (created; existing
     * files of the same names are replaced): train takes the first scenes, valid the next, test the last.
     */
    public static Written write(Path dir, int train, int valid, int test, int size, long seed) throws IOException {
        List<Scene> scenes = generate(train + valid + test, size, seed);
        Path images = Files.createDirectories(dir.resolve("images"));
        for (Scene scene : scenes) {
            if (!ImageIO.write(render(scene, size), "png", images.resolve(scene.name()).toFile())) {
                throw new IOException("no PNG writer in this JVM");
            }
        }
        Path captions = dir.resolve("captions.txt");
        try (BufferedWriter w = Files.newBufferedWriter(captions, StandardCharsets.UTF_8)) {
            for (Scene scene : scenes) {
                for (int n = 0; n < scene.captions().size(); n++) {
                    w.write(scene.name() + "#" + n + "\t" + scene.captions().get(n) + "\n");
                }
            }
        }
        return new Written(images, captions, list(dir.resolve("train.txt"), scenes.subList(0, train)),
                list(dir.resolve("valid.txt"), scenes.subList(train, train + valid)),
                list(dir.resolve("test.txt"), scenes.subList(train + valid, scenes.size())));
    }

    private static Path list(Path file, List<Scene> scenes) throws IOException {
        StringBuilder sb = new StringBuilder();
        scenes.forEach(s -> sb.append(s.name()).append('\n'));
        return Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }
}
