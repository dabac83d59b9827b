package io.attnspark.prep.captions;

import io.attnspark.config.ConfigError;
import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;
import io.attnspark.prep.TestFiles;
import io.attnspark.prep.TestSpark;
import io.attnspark.prep.input.SplitAssigner;
import io.attnspark.prep.output.FileDigest;
import io.attnspark.prep.synthetic.ShapesCaptionGenerator;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Vocabulary;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** prep-captions end to end on local[2]: every format, every skip reason, the reader, and the refusals. */
class CaptionPrepJobTest {
    private static final int SIZE = 16;
    private static SparkSession spark;
    @TempDir
    Path dir;

    @BeforeAll
    static void spark() {
        spark = TestSpark.session();
    }

    private static CaptionsConfig config(String overrides) {
        return CaptionsConfigTest.with("captions { image-size = " + SIZE + ", vocab.min-count = 1, shards = 2 }\n" + overrides);
    }

    private ShapesCaptionGenerator.Written shapes(int train, int valid, int test) throws Exception {
        return ShapesCaptionGenerator.write(dir.resolve("shapes"), train, valid, test, 32, 5);
    }

    private static CaptionPrepRequest request(Path images, Path captions, Path train, Path valid, Path test, Path out,
                                              CaptionsConfig config) {
        return new CaptionPrepRequest(images.toString(), captions.toString(), str(train), str(valid), str(test),
                out.toString(), false, 42, config);
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    private static void assertCountsAddUp(CaptionsManifest m) {
        List<CaptionsManifest.Counts> all = new ArrayList<>(List.of(m.images(), m.captions()));
        m.splits().values().forEach(s -> {
            all.add(s.images());
            all.add(s.captions());
        });
        for (CaptionsManifest.Counts c : all) {
            assertEquals(c.in(), c.out() + c.skipped().values().stream().mapToLong(Long::longValue).sum(), c.toString());
        }
        long splitImages = m.splits().values().stream().mapToLong(s -> s.images().in()).sum();
        long splitCaptions = m.splits().values().stream().mapToLong(s -> s.captions().in()).sum();
        assertEquals(m.images().in(), splitImages + m.images().skipped().get("unlisted"), "unlisted images have no split");
        assertEquals(m.captions().in(), splitCaptions + m.captions().skipped().get("malformed")
                + m.captions().skipped().get("image-unlisted"), "malformed and unlisted captions have no split");
        assertEquals(List.of("unlisted", "bad-path", "no-captions", "missing", "unreadable", "too-large", "corrupt"),
                List.copyOf(m.images().skipped().keySet()));
    }

    /** Rows of one split as image name -> row. */
    private static Map<String, CaptionedImage> images(PreparedCaptions prepared, Split split) {
        Map<String, CaptionedImage> out = new TreeMap<>();
        for (CaptionedImage c : prepared.images(spark, split).collect()) {
            out.put(c.image(), c);
        }
        return out;
    }

    @Test
    void flickr8kWithListsEndToEnd() throws Exception {
        ShapesCaptionGenerator.Written w = shapes(12, 4, 4);
        // A valid and a test image get a caption with words no training caption has.
        Path captions = dir.resolve("captions.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(w.captions()));
        lines.add("shapes-000013.png#3\tA purple HEXAGON .");
        lines.add("shapes-000017.png#3\tan orange octagon");
        TestFiles.write(captions, lines);
        Path out = dir.resolve("out");
        CaptionsManifest m = CaptionPrepJob.run(spark, request(w.images(), captions, w.trainList(), w.validList(),
                w.testList(), out, config("")));

        assertEquals(1, m.schemaVersion());
        assertEquals("captions", m.kind());
        assertEquals("flickr8k", m.captionFormat());
        assertEquals(new CaptionsManifest.ImageShape(SIZE, SIZE, 3), m.image());
        assertCountsAddUp(m);
        assertEquals(new CaptionsManifest.Counts(20, 20, m.images().skipped()), m.images());
        assertEquals(62, m.captions().in());
        assertEquals(62, m.captions().out());
        assertEquals(12, m.splits().get("train").images().out());
        assertEquals(36, m.splits().get("train").captions().out());
        assertEquals(13, m.splits().get("valid").captions().out());
        assertEquals("list", m.splits().get("test").origin());
        assertEquals(List.of("captions", "train-list", "valid-list", "test-list", "images"),
                m.inputs().stream().map(CaptionsManifest.Input::role).toList());
        CaptionsManifest.Input captionInput = m.inputs().get(0);
        assertEquals(FileDigest.sha256(new Configuration(), captions.toString()), captionInput.sha256());
        assertEquals(Files.size(captions), captionInput.bytes());
        assertEquals(62, captionInput.records());
        CaptionsManifest.Input imageInput = m.inputs().get(4);
        assertEquals(20, imageInput.records());
        StringBuilder listing = new StringBuilder();
        long bytes = 0;
        try (var files = Files.list(w.images())) {
            for (Path f : files.sorted().toList()) {
                listing.append(f.getFileName()).append('\t').append(FileDigest.sha256(Files.readAllBytes(f))).append('\n');
                bytes += Files.size(f);
            }
        }
        assertEquals(FileDigest.sha256(listing.toString().getBytes(StandardCharsets.UTF_8)), imageInput.sha256());
        assertEquals(bytes, imageInput.bytes());
        assertEquals(Map.of("seed", 42, "captions", config("").toMap()).keySet(), m.config().keySet());
        assertEquals(config(""), CaptionsConfig.from(com.typesafe.config.ConfigFactory.parseMap(m.config())));
        assertNotNull(m.createdAt());
        assertTrue(m.timingsMs().containsKey("decode-images"), m.timingsMs().toString());
        assertEquals("0.1.0", m.code().version());

        // Plain Spark SQL reads the shards with schema version 1.
        assertEquals("struct<image:string,height:int,width:int,channels:int,pixels:binary,source_height:int,"
                        + "source_width:int,captions:array<string>,caption_ids:array<array<int>>>",
                spark.read().parquet(out + "/train").schema().simpleString());

        PreparedCaptions prepared = PreparedCaptions.open(out.toString());
        assertEquals(SIZE, prepared.imageSize());
        assertEquals(3, prepared.channels());
        assertEquals(12, prepared.size(Split.TRAIN));
        TextPipeline pipeline = prepared.pipeline();
        Vocabulary vocab = prepared.vocabulary();
        assertEquals(m.vocab().sha256(), vocab.sha256());
        assertEquals(Vocabulary.SPECIALS, vocab.tokens().subList(0, 4));
        for (String word : List.of("purple", "hexagon", "orange", "octagon")) {
            assertFalse(vocab.contains(word), word + " occurs only in valid / test captions");
        }
        assertTrue(vocab.contains("above") || vocab.contains("left"), vocab.tokens().toString());

        List<String> trainNames = Files.readAllLines(w.trainList());
        Map<String, CaptionedImage> train = images(prepared, Split.TRAIN);
        assertEquals(trainNames, List.copyOf(train.keySet()));
        for (CaptionedImage image : train.values()) {
            byte[] png = Files.readAllBytes(w.images().resolve(image.image()));
            ImageDecoder.Decoded d = ImageDecoder.decode(png, Long.MAX_VALUE);
            assertArrayEquals(CentreCropResize.apply(d.rgb(), d.width(), d.height(), SIZE), image.pixels(), image.image());
            assertEquals(3, image.captions().size());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pipeline.encode(image.captions().get(i)), image.captionIds()[i]);
                assertEquals(image.captions().get(i), pipeline.decode(image.captionIds()[i]), "train captions decode exactly");
            }
            float[] chw = image.toChannelsFirst();
            assertEquals(3 * SIZE * SIZE, chw.length);
            assertEquals(image.pixel(5, 7, 2) / 255f, chw[2 * SIZE * SIZE + 5 * SIZE + 7]);
        }
        Row firstRow = prepared.load(spark, Split.TRAIN).orderBy("image").first();
        assertEquals(32, firstRow.getInt(firstRow.fieldIndex("source_height")));

        CaptionedImage valid = images(prepared, Split.VALID).get("shapes-000013.png");
        assertEquals("a purple hexagon .", valid.captions().get(3), "normalised and lowercased");
        assertArrayEquals(new int[] {vocab.id("a"), Vocabulary.UNK_ID, Vocabulary.UNK_ID, vocab.id(".")}, valid.captionIds()[3]);
    }

    @Test
    void everyBadInputIsCountedNamedAndNeverFatal() throws Exception {
        ShapesCaptionGenerator.Written w = shapes(6, 2, 0);
        Path images = w.images();
        TestFiles.writeBytes(images.resolve("garbage.jpg"), "this is not a jpeg".getBytes(StandardCharsets.UTF_8));
        byte[] png = Files.readAllBytes(images.resolve("shapes-000001.png"));
        TestFiles.writeBytes(images.resolve("truncated.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Files.createDirectories(images.resolve("folder.png"));
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        TestFiles.writeBytes(images.resolve("big.png"), ImagePixelsTest.encode(big, "png"));
        Files.copy(images.resolve("shapes-000002.png"), images.resolve("only-empty.png"));
        TestFiles.writeBytes(dir.resolve("shapes/outside.jpg"), png);

        List<String> lines = new ArrayList<>(Files.readAllLines(w.captions()));
        lines.addAll(List.of(
                "garbage.jpg#0\ta red circle", "garbage.jpg#1\ta red square",
                "truncated.png#0\ta blue circle",
                "folder.png#0\ta folder",
                "big.png#0\ta big black square",
                "missing.jpg#0\ta green circle",
                "../outside.jpg#0\ta yellow circle", "/etc/passwd#0\tno",
                "this line has no tab",
                "",
                "only-empty.png#0\t   ",
                "shapes-000003.png#7\t\u200b",
                "unlisted.png#0\tnot in any list"));
        Path captions = TestFiles.write(dir.resolve("captions.txt"), lines);
        List<String> train = new ArrayList<>(Files.readAllLines(w.trainList()));
        train.addAll(List.of("garbage.jpg", "truncated.png", "folder.png", "big.png", "missing.jpg", "../outside.jpg",
                "/etc/passwd", "only-empty.png", "listed-without-captions.png"));
        Path trainList = TestFiles.write(dir.resolve("train.txt"), train);

        CaptionsManifest m = CaptionPrepJob.run(spark, request(images, captions, trainList, w.validList(), null,
                dir.resolve("out"), config("captions.max-source-pixels = 1024")));
        assertCountsAddUp(m);
        CaptionsManifest.Counts trainImages = m.splits().get("train").images();
        assertEquals(15, trainImages.in());
        assertEquals(6, trainImages.out());
        assertEquals(Map.of("unlisted", 0L, "bad-path", 2L, "no-captions", 2L, "missing", 1L, "unreadable", 1L,
                "too-large", 1L, "corrupt", 2L), trainImages.skipped());
        assertEquals(1L, m.images().skipped().get("unlisted"));
        assertEquals(new CaptionsManifest.Counts(0, 0, trainImages.skipped().keySet().stream()
                .collect(java.util.stream.Collectors.toMap(k -> k, k -> 0L))), m.splits().get("test").images());
        assertEquals("none", m.splits().get("test").origin());

        Map<String, Long> captionSkips = m.captions().skipped();
        assertEquals(2L, captionSkips.get("malformed"), "the line without a tab and the blank line");
        assertEquals(2L, captionSkips.get("empty"), "blank and zero-width-space captions");
        assertEquals(1L, captionSkips.get("image-unlisted"));
        assertEquals(2L, captionSkips.get("image-bad-path"));
        assertEquals(1L, captionSkips.get("image-missing"));
        assertEquals(1L, captionSkips.get("image-unreadable"));
        assertEquals(1L, captionSkips.get("image-too-large"));
        assertEquals(3L, captionSkips.get("image-corrupt"));
        assertEquals(lines.size(), m.captions().in());
        assertEquals(24, m.captions().out(), "the 24 generated captions, not the empty one added to shapes-000003.png");

        Map<String, List<String>> examples = m.skippedExamples().images();
        assertEquals(List.of("garbage.jpg: not an image format javax.imageio reads"), examples.get("corrupt").subList(0, 1));
        assertTrue(examples.get("corrupt").get(1).startsWith("truncated.png: "), examples.toString());
        assertEquals(List.of("missing.jpg: no such file"), examples.get("missing"));
        assertEquals(List.of("folder.png: not a file"), examples.get("unreadable"));
        assertEquals(List.of("big.png: 64x64 is more than 1024 pixels"), examples.get("too-large"));
        assertEquals(List.of("../outside.jpg: leaves the image directory (..)", "/etc/passwd: absolute path"), examples.get("bad-path"));
        assertEquals(List.of("only-empty.png", "listed-without-captions.png"), examples.get("no-captions"));
        assertEquals(List.of("unlisted.png"), examples.get("unlisted"));
        assertEquals(List.of("line " + (lines.indexOf("this line has no tab") + 1) + ": no tab",
                "line " + (lines.indexOf("") + 1) + ": blank line"), m.skippedExamples().captions().get("malformed"));

        PreparedCaptions prepared = PreparedCaptions.open(dir.resolve("out").toString());
        assertEquals(List.copyOf(Files.readAllLines(w.trainList())), List.copyOf(images(prepared, Split.TRAIN).keySet()));
        assertEquals(3, images(prepared, Split.TRAIN).get("shapes-000003.png").captions().size(),
                "shapes-000003.png keeps its three real captions, not the empty one");
        assertEquals(0, prepared.load(spark, Split.TEST).count());
    }

    @Test
    void csvAndCocoGiveTheSameRowsAsFlickr8k() throws Exception {
        ShapesCaptionGenerator.Written w = shapes(6, 2, 2);
        List<String[]> records = new ArrayList<>();
        for (String line : Files.readAllLines(w.captions())) {
            String[] parts = line.split("\t");
            records.add(new String[] {parts[0].substring(0, parts[0].indexOf('#')), parts[1]});
        }
        records.add(new String[] {"shapes-000001.png", "a \"quoted\" caption, with a comma"});
        StringBuilder flickr = new StringBuilder();
        StringBuilder csv = new StringBuilder("image,caption\n");
        StringBuilder coco = new StringBuilder("{\"images\": [");
        List<String> names = new ArrayList<>();
        for (String[] r : records) {
            flickr.append(r[0]).append("#0\t").append(r[1]).append('\n');
            csv.append(r[0]).append(",\"").append(r[1].replace("\"", "\"\"")).append("\"\n");
            if (!names.contains(r[0])) {
                coco.append(names.isEmpty() ? "" : ", ").append("{\"id\": ").append(names.size() + 100)
                        .append(", \"file_name\": \"").append(r[0]).append("\"}");
                names.add(r[0]);
            }
        }
        coco.append("], \"annotations\": [");
        for (int i = 0; i < records.size(); i++) {
            coco.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"image_id\": ")
                    .append(names.indexOf(records.get(i)[0]) + 100).append(", \"caption\": \"")
                    .append(records.get(i)[1].replace("\"", "\\\"")).append("\"}");
        }
        coco.append("]}");
        Map<String, String> files = Map.of("flickr8k", "c.token.txt", "csv", "c.csv", "coco", "c.json");
        Map<String, List<String>> rows = new TreeMap<>();
        for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
            String text = switch (f.getKey()) {
                case "flickr8k" -> flickr.toString();
                case "csv" -> csv.toString();
                default -> coco.toString();
            };
            Path captions = Files.writeString(dir.resolve(f.getValue()), text);
            Path out = dir.resolve("out-" + f.getKey());
            CaptionsManifest m = CaptionPrepJob.run(spark, request(w.images(), captions, w.trainList(), w.validList(),
                    w.testList(), out, config("")));
            assertEquals(f.getKey(), m.captionFormat(), "detected from the extension");
            assertCountsAddUp(m);
            assertEquals(records.size(), m.captions().out());
            List<String> described = new ArrayList<>();
            for (Row r : spark.read().parquet(out + "/train", out + "/valid", out + "/test").collectAsList()) {
                described.add(r.getString(0) + " " + r.getList(7) + " " + r.getList(8).stream()
                        .map(ids -> ((scala.collection.Seq<?>) ids).mkString(",")).toList()
                        + " " + FileDigest.sha256((byte[]) r.get(4)));
            }
            described.sort(Comparator.naturalOrder());
            rows.put(f.getKey(), described);
        }
        assertEquals(10, rows.get("csv").size());
        assertEquals(rows.get("flickr8k"), rows.get("csv"));
        assertEquals(rows.get("flickr8k"), rows.get("coco"));
        assertTrue(rows.get("csv").get(0).contains("a \"quoted\" caption, with a comma"), rows.get("csv").get(0));
    }

    @Test
    void withoutListsTheSplitIsASeededHashOfTheImageName() throws Exception {
        ShapesCaptionGenerator.Written w = shapes(40, 0, 0);
        Path out = dir.resolve("out");
        CaptionsConfig config = config("captions.split { valid-fraction = 0.25, test-fraction = 0.25 }");
        CaptionsManifest m = CaptionPrepJob.run(spark, request(w.images(), w.captions(), null, null, null, out, config));
        assertCountsAddUp(m);
        assertEquals("rest", m.splits().get("train").origin());
        assertEquals("hash", m.splits().get("valid").origin());
        PreparedCaptions prepared = PreparedCaptions.open(out.toString());
        SplitAssigner assigner = SplitAssigner.hashed(42, 0.25, 0.25);
        int total = 0;
        for (Split split : Split.values()) {
            Map<String, CaptionedImage> images = images(prepared, split);
            assertTrue(images.size() >= 3, split + " has " + images.size() + " of 40 images");
            for (String name : images.keySet()) {
                assertEquals(split.code(), assigner.assign(name, ""), name);
            }
            total += images.size();
        }
        assertEquals(40, total);

        // A valid list alone: train is every other image, test is carved from it by the hash.
        Path valid = TestFiles.write(dir.resolve("valid.txt"), List.of("shapes-000001.png", "shapes-000002.png"));
        CaptionsManifest v = CaptionPrepJob.run(spark, request(w.images(), w.captions(), null, valid, null,
                dir.resolve("out2"), config));
        assertEquals(2, v.splits().get("valid").images().out());
        assertEquals("list", v.splits().get("valid").origin());
        assertEquals("hash", v.splits().get("test").origin());
        assertEquals(38, v.splits().get("train").images().out() + v.splits().get("test").images().out());
    }

    @Test
    void anExistingOutputIsRefusedAndLeftUntouchedWithoutOverwrite() throws Exception {
        ShapesCaptionGenerator.Written w = shapes(4, 0, 0);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        CaptionPrepRequest request = request(w.images(), w.captions(), null, null, null, out, config(""));
        PrepException e = assertThrows(PrepException.class, () -> CaptionPrepJob.run(spark, request));
        assertEquals("output file:" + out + " exists; pass --overwrite to replace it", e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        try (var siblings = Files.list(dir)) {
            assertEquals(List.of(), siblings.filter(p -> p.getFileName().toString().startsWith(".out")).toList(),
                    "no temporary directory left");
        }

        CaptionPrepRequest overwrite = new CaptionPrepRequest(request.images(), request.captions(), null, null, null,
                request.outDir(), true, 42, request.config());
        CaptionsManifest m = CaptionPrepJob.run(spark, overwrite);
        assertEquals(4, m.images().out());
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertTrue(Files.exists(out.resolve("vocab.txt")));
    }

    @Test
    void badInputsFailWithOneLineNamingTheFileAndNothingIsWritten() throws Exception {
        ShapesCaptionGenerator.Written w = shapes(4, 0, 0);
        Path out = dir.resolve("out");
        Path images = w.images();

        ConfigError format = assertThrows(ConfigError.class, () -> config("captions.format = xml"));
        assertEquals("captions.format=xml is not one of auto, flickr8k, csv, coco", format.getMessage());
        Path words = TestFiles.write(dir.resolve("words.txt"), List.of("just some words"));
        assertEquals("cannot tell the format of file:" + words + ": not COCO JSON, not IMAGE#N<TAB>caption lines, not a CSV"
                        + " with an image,caption header; set captions.format (flickr8k, csv or coco)",
                failure(request(images, words, null, null, null, out, config(""))));

        Path missing = dir.resolve("missing.txt");
        assertEquals("captions file not found: " + missing, failure(request(images, missing, null, null, null, out, config(""))));
        Path empty = TestFiles.writeBytes(dir.resolve("empty.txt"), new byte[0]);
        assertEquals("captions file file:" + empty + " is empty", failure(request(images, empty, null, null, null, out, config(""))));
        byte[] latin1 = "a.png#0\tok\nb.png#0\tcaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path invalid = TestFiles.writeBytes(dir.resolve("latin1.txt"), latin1);
        assertEquals("file:" + invalid + ": line 2 is not valid UTF-8", failure(request(images, invalid, null, null, null, out, config(""))));
        assertEquals("image directory not found: " + dir.resolve("nope"),
                failure(request(dir.resolve("nope"), w.captions(), null, null, null, out, config(""))));
        Path a = TestFiles.write(dir.resolve("a.txt"), List.of("shapes-000001.png"));
        Path b = TestFiles.write(dir.resolve("b.txt"), List.of("shapes-000002.png", "shapes-000001.png"));
        assertEquals("shapes-000001.png is in both the train list file:" + a + " and the valid list file:" + b,
                failure(request(images, w.captions(), a, b, null, out, config(""))));
        Path onlyMissing = TestFiles.write(dir.resolve("gone.txt"), List.of("gone.png#0\ta gone image"));
        assertEquals("no training image left: 0 of 1 images kept (1 missing); nothing written",
                failure(request(images, onlyMissing, null, null, null, out, config(""))));
        assertFalse(Files.exists(out));
    }

    private static String failure(CaptionPrepRequest request) {
        return assertThrows(PrepException.class, () -> CaptionPrepJob.run(spark, request)).getMessage();
    }
}
