package io.attnspark.jobs.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.jobs.Main;
import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.report.AttentionMapPainter;
import io.attnspark.jobs.score.ScoreRequest.Mode;
import io.attnspark.nn.caption.CaptionSearch;
import io.attnspark.nn.caption.CaptionStepDecoder;
import io.attnspark.prep.captions.ImagePreparation;
import io.attnspark.prep.captions.PreparedCaptions;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * score --mode caption on Spark against the library: on a folder of shape images with a corrupt file, a nested
 * JPEG and files that are not images, every image gets a row in sorted-path order, the corrupt one an error row
 * naming it (counted, not fatal), the others the caption and log-probability the library's {@link CaptionSearch}
 * gives on the same pixels (greedy and beam); --text-out and the attention-map PNGs have one entry per image; the
 * model type is checked both ways; the training report embeds attention maps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoreCaptionJobTest {
    private static final double TOLERANCE = 1e-3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKEN = "broken.png";
    private static final String NESTED = "sub/deep.jpg";

    @TempDir
    static java.nio.file.Path tmp;
    private static CaptionScoreFixture fx;
    private static java.nio.file.Path inputs;
    /** The image names the job must list, sorted. */
    private static List<String> names;

    @BeforeAll
    static void setUp() throws Exception {
        fx = CaptionScoreFixture.build(tmp);
        inputs = Files.createDirectories(tmp.resolve("inputs"));
        List<java.nio.file.Path> shapes;
        try (Stream<java.nio.file.Path> s = Files.list(fx.shapes.images())) {
            shapes = s.sorted().limit(5).toList();
        }
        for (java.nio.file.Path p : shapes) {
            Files.copy(p, inputs.resolve(p.getFileName().toString()));
        }
        // A truncated PNG, a JPEG one directory down, and files the listing must skip.
        byte[] png = Files.readAllBytes(shapes.get(0));
        Files.write(inputs.resolve(BROKEN), java.util.Arrays.copyOf(png, png.length / 3));
        BufferedImage rgb = ImageIO.read(shapes.get(1).toFile());
        BufferedImage jpeg = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        jpeg.getGraphics().drawImage(rgb, 0, 0, null);
        Files.createDirectories(inputs.resolve("sub"));
        assertTrue(ImageIO.write(jpeg, "jpg", inputs.resolve(NESTED).toFile()));
        Files.writeString(inputs.resolve("notes.txt"), "not an image\n");
        Files.copy(shapes.get(2), inputs.resolve(".hidden.png"));
        names = new ArrayList<>(List.of(BROKEN, NESTED));
        shapes.forEach(p -> names.add(p.getFileName().toString()));
        names.sort(null);
    }

    @AfterAll
    static void tearDown() {
        if (fx != null) {
            fx.spark.stop();
        }
    }

    @Test
    @Order(1)
    void greedyCaptionsKeepOrderCountErrorsAndMatchTheLibrary() throws Exception {
        JobContext context = CaptionScoreFixture.context(List.of("decode.beam=1"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CaptionSummary summary = caption(context, "greedy", true, printed);
        assertEquals(names.size(), summary.images());
        assertEquals(names.size() - 1, summary.ok());
        assertEquals(1, summary.errors());

        List<Row> rows = results("greedy");
        assertEquals(names.size(), rows.size());
        Reference ref = new Reference();
        java.nio.file.Path maps = fx.root.resolve("greedy.maps");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(i, r.getLong(0));
            assertEquals(names.get(i), r.getString(1));
            if (names.get(i).equals(BROKEN)) {
                assertEquals("error", r.getString(2));
                assertTrue(r.getString(3).startsWith(BROKEN + ": corrupt: "), r.getString(3));
                assertTrue(r.getString(3).lines().count() == 1);
                assertNull(r.get(4));
                assertNull(r.get(7));
                assertTrue(Files.notExists(maps.resolve(BROKEN + ".png")));
                continue;
            }
            assertEquals("ok", r.getString(2), r.toString());
            assertNull(r.get(3));
            Hypothesis expected = ref.greedy(names.get(i));
            assertEquals(ref.data.pipeline().decode(expected.tokens()), r.getString(4), names.get(i));
            assertEquals(expected.logProb(), r.getDouble(5), TOLERANCE);
            assertTrue(r.getDouble(5) < 0);
            assertEquals(expected.tokens().length, r.getInt(6));
            // The map: one panel per word (one for an empty caption), each panel the image upscaled to 96 px.
            assertEquals(names.get(i) + ".png", r.getString(7));
            BufferedImage map = ImageIO.read(maps.resolve(r.getString(7)).toFile());
            assertNotNull(map, "no PNG for " + names.get(i));
            int panels = Math.max(1, expected.tokens().length);
            int side = AttentionMapPainter.panelSide(CaptionScoreFixture.IMAGE_SIZE);
            assertEquals(96, side);
            assertEquals(AttentionMapPainter.GAP + panels * (side + AttentionMapPainter.GAP), map.getWidth());
            assertEquals(AttentionMapPainter.GAP * 2 + side + AttentionMapPainter.LABEL, map.getHeight());
        }

        List<String> text = Files.readAllLines(fx.root.resolve("greedy.txt"), StandardCharsets.UTF_8);
        assertEquals(names.size(), text.size());
        for (int i = 0; i < names.size(); i++) {
            String caption = rows.get(i).isNullAt(4) ? "" : rows.get(i).getString(4);
            assertEquals(names.get(i) + "\t" + caption, text.get(i));
        }

        Map<?, ?> json = JSON.readValue(fx.root.resolve("greedy").resolve(ScoreJob.SUMMARY).toFile(), Map.class);
        assertEquals(names.size(), ((Number) json.get("records_in")).intValue());
        assertEquals(Map.of("ok", names.size() - 1, "error", 1), json.get("status"));
        assertTrue(((Number) json.get("images_per_s")).doubleValue() > 0);
        assertEquals("caption", json.get("mode"));
        assertEquals(1, ((Number) json.get("beam")).intValue());
        // The model is deserialized once per task slot of local[2], not once per task or batch.
        int loads = ModelCache.loads((String) json.get("model_sha256"));
        assertTrue(loads >= 1 && loads <= 2, "graphs loaded: " + loads);
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(summary.line(), lines.get(lines.size() - 1));
        assertTrue(summary.line().startsWith("score: " + names.size() + " images (ok " + (names.size() - 1)
                + ", error 1) in "), summary.line());
    }

    @Test
    @Order(2)
    void beamSearchMatchesTheLibrary() throws Exception {
        JobContext context = CaptionScoreFixture.context(List.of("decode.beam=3", "decode.batch-size=4"));
        CaptionSummary summary = caption(context, "beam", false, null);
        assertEquals(names.size() - 1, summary.ok());
        Map<?, ?> json = JSON.readValue(fx.root.resolve("beam").resolve(ScoreJob.SUMMARY).toFile(), Map.class);
        assertTrue(ModelCache.loads((String) json.get("model_sha256")) <= 2, "the second job reuses the graphs");
        Reference ref = new Reference();
        DecodeConfig decode = DecodeConfig.fromConfig(context.config().section("decode"));
        for (Row r : results("beam")) {
            if (r.getString(1).equals(BROKEN)) {
                assertEquals("error", r.getString(2));
                continue;
            }
            Hypothesis expected = ref.beam(r.getString(1), decode);
            assertEquals(ref.data.pipeline().decode(expected.tokens()), r.getString(4), r.getString(1));
            assertEquals(expected.logProb(), r.getDouble(5), TOLERANCE);
            assertTrue(r.isNullAt(7), "no maps asked for");
        }
        assertTrue(Files.notExists(fx.root.resolve("beam.txt")));
    }

    @Test
    @Order(3)
    void anEnsembleCaptionsWithTheMeanOfItsModelsAndRefusesAForeignVocabulary() throws Exception {
        // A second model: the first one's parameters moved by noise, in a copy of its directory.
        Path other = copyModel("other-model");
        ModelDir otherDir = new ModelDir(other, fx.spark.sparkContext().hadoopConfiguration());
        ComputationGraph g = otherDir.loadForDecoding();
        Nd4j.getRandom().setSeed(42);
        g.setParams(g.params().add(Nd4j.randn(g.params().dataType(), g.params().shape()).muli(0.3)));
        otherDir.saveBest(g);
        otherDir.saveModel(g);

        JobContext context = CaptionScoreFixture.context(List.of("decode.beam=1"));
        java.nio.file.Path out = Files.createDirectories(fx.root.resolve("ensemble"));
        CaptionScoreRequest request = new CaptionScoreRequest(context, List.of(fx.model, other),
                new Path(inputs.toUri()), new Path(out.toUri()), Optional.empty(),
                Optional.of(new Path(fx.root.resolve("ensemble.maps").toUri())), Optional.empty());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CaptionSummary summary = CaptionScoreJob.score(fx.spark, request,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(names.size() - 1, summary.ok());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("ensemble of 2 models " + fx.model + " + " + other),
                printed.toString(StandardCharsets.UTF_8));

        Reference alone = new Reference();
        Reference both = new Reference(fx.model, other);
        int differ = 0;
        for (Row r : results("ensemble")) {
            if (r.getString(1).equals(BROKEN)) {
                assertEquals("error", r.getString(2));
                continue;
            }
            Hypothesis expected = both.greedy(r.getString(1));
            assertEquals(both.data.pipeline().decode(expected.tokens()), r.getString(4), r.getString(1));
            assertEquals(expected.logProb(), r.getDouble(5), TOLERANCE);
            assertTrue(Files.exists(fx.root.resolve("ensemble.maps").resolve(r.getString(7))));
            if (Math.abs(alone.greedy(r.getString(1)).logProb() - r.getDouble(5)) > 10 * TOLERANCE) {
                differ++;
            }
        }
        assertTrue(differ > 0, "the second model changed no caption's score: the ensemble was not used");
        Map<?, ?> json = JSON.readValue(out.resolve(ScoreJob.SUMMARY).toFile(), Map.class);
        List<?> ensemble = (List<?>) json.get("ensemble");
        assertEquals(2, ensemble.size());
        assertEquals(other.toString(), ((Map<?, ?>) ensemble.get(1)).get("model"));
        assertEquals(fx.model.toString(), json.get("model"));

        // A model trained on another vocabulary (two words swapped) cannot join.
        Path foreign = copyModel("foreign-vocab-model");
        java.nio.file.Path vocab = java.nio.file.Path.of(foreign.toUri()).resolve(ModelDir.TEXT).resolve("vocab.txt");
        List<String> words = new ArrayList<>(Files.readAllLines(vocab, StandardCharsets.UTF_8));
        String before = vocabularySha(vocab);
        java.util.Collections.swap(words, words.size() - 1, words.size() - 2);
        Files.write(vocab, words, StandardCharsets.UTF_8);
        // ... recorded in its manifest, as prep-captions would have written it
        java.nio.file.Path manifest = vocab.resolveSibling("manifest.json");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        assertTrue(text.contains(before), "the manifest records the vocabulary's SHA-256");
        Files.writeString(manifest, text.replace(before, vocabularySha(vocab)), StandardCharsets.UTF_8);
        java.nio.file.Path refusedOut = Files.createDirectories(fx.root.resolve("ensemble-refused"));
        CommandFailure refused = assertThrows(CommandFailure.class, () -> CaptionScoreJob.score(fx.spark,
                new CaptionScoreRequest(context, List.of(fx.model, foreign), new Path(inputs.toUri()),
                        new Path(refusedOut.toUri()), Optional.empty(), Optional.empty(), Optional.empty()),
                ScoreFixture.quiet()));
        assertEquals("model " + foreign + " cannot join an ensemble with " + fx.model + ": its caption vocabulary ("
                + words.size() + " words) is not the same as the first model's (" + words.size() + " words); train "
                + "the models of an ensemble on one prep-captions output", refused.getMessage());
        assertTrue(Files.notExists(refusedOut.resolve(ScoreJob.RESULTS)), "nothing written by a refused run");

        CliResult translate = cli("score", "--model", fx.model.toString(), "--model", other.toString(), "--input",
                inputs.toString(), "--out", fx.root.resolve("ensemble-translate").toString());
        assertEquals(2, translate.exit(), translate.toString());
        assertTrue(translate.err().contains("--model is given 2 times: an ensemble of models applies to --mode caption"),
                translate.err());
    }

    @Test
    @Order(3)
    void aModelOfTheOtherKindFailsInOneLine() throws IOException {
        CommandFailure translate = assertThrows(CommandFailure.class, () -> ScoreJob.checkModel(fx.model, Mode.TRANSLATE));
        assertEquals("model " + fx.model + " holds a caption model (captions images); --mode translate needs a "
                + "translation model (rnn-attention or transformer): use --mode caption with a directory of images",
                translate.getMessage());
        assertTrue(assertThrows(CommandFailure.class, () -> ScoreJob.checkModel(fx.model, Mode.SCORE)).getMessage()
                .contains("--mode score needs a translation model"));

        // A translation model directory as train writes it: text/ is prep-text output, model.json names the type.
        java.nio.file.Path translation = Files.createDirectories(tmp.resolve("translation-model/text"));
        Files.writeString(translation.resolve("manifest.json"), "{\"kind\":\"text\",\"schema_version\":1}");
        Files.writeString(translation.getParent().resolve("model.json"), "{\"model_type\":\"transformer\"}");
        Files.writeString(translation.getParent().resolve("model.zip"), "");
        Path dir = new Path(translation.getParent().toUri());
        CommandFailure caption = assertThrows(CommandFailure.class,
                () -> CaptionScoreJob.check(dir, new Path(inputs.toUri())));
        assertEquals("model " + dir + " holds a transformer model (translation); --mode caption needs a caption model "
                + "(model.type=caption, trained on prep-captions output)", caption.getMessage());
        assertTrue(assertThrows(CommandFailure.class, () -> CaptionScoreJob.check(fx.model,
                new Path(inputs.resolve("notes.txt").toUri()))).getMessage().contains("not the file"));
    }

    @Test
    @Order(4)
    void theTrainingReportShowsAttentionMapsOfValidationImages() throws IOException {
        String html = Files.readString(java.nio.file.Path.of(fx.model.toUri()).resolve(ModelDir.REPORT));
        assertTrue(html.contains("Attention maps of validation images"));
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int figures = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(m.group(1))));
            assertNotNull(img);
            assertEquals(AttentionMapPainter.GAP * 2 + 96 + AttentionMapPainter.LABEL, img.getHeight());
            figures++;
        }
        assertEquals(3, figures);
    }

    /** Last: the command stops the session it shares with the other tests when it ends. */
    @Test
    @Order(5)
    void referencesGiveBleuOverTheCaptionedImagesThatHaveThem() throws Exception {
        JobContext context = CaptionScoreFixture.context(List.of("decode.beam=1"));
        CaptionSummary first = caption(context, "norefs", false, null);
        assertEquals(names.size() - 1, first.ok());
        Map<String, String> generated = new java.util.HashMap<>();
        for (Row r : results("norefs")) {
            generated.put(r.getString(1), r.getString(4));
        }
        String plain = names.stream().filter(n -> !n.equals(BROKEN) && !n.equals(NESTED)).findFirst().orElseThrow();
        String unreferenced = names.stream().filter(n -> !n.equals(BROKEN) && !n.equals(NESTED) && !n.equals(plain))
                .findFirst().orElseThrow();
        // Normalisation as prep-captions: upper case and NFKC forms must not matter.
        List<String> lines = List.of(
                plain + "#0\t" + generated.get(plain).toUpperCase(java.util.Locale.ROOT),
                plain + "#1\ta red circle next to a blue square",
                NESTED + "#0\ta green triangle",
                BROKEN + "#0\ta red square",
                "elsewhere.png#0\ta yellow circle",
                "no tab on this line");
        java.nio.file.Path refFile = Files.write(fx.root.resolve("refs.txt"), lines, StandardCharsets.UTF_8);
        List<String> scoredNames = new ArrayList<>(names);
        scoredNames.removeIf(n -> !n.equals(plain) && !n.equals(NESTED));

        java.nio.file.Path out = Files.createDirectories(fx.root.resolve("refs"));
        CaptionScoreRequest request = new CaptionScoreRequest(context, fx.model, new Path(inputs.toUri()),
                new Path(out.toUri()), Optional.empty(), Optional.empty(), Optional.of(new Path(refFile.toUri())));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CaptionScoreJob.score(fx.spark, request, new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<String> hyps = new ArrayList<>();
        List<List<String>> refs = new ArrayList<>();
        for (String n : scoredNames) {
            hyps.add(generated.get(n));
            refs.add(n.equals(plain) ? List.of(generated.get(plain), "a red circle next to a blue square")
                    : List.of("a green triangle"));
        }
        double[] expected = io.attnspark.metrics.MultiOrderBleu.scores(io.attnspark.metrics.MultiOrderBleu.stats(hyps, refs));
        Map<?, ?> summary = JSON.readValue(out.resolve(ScoreJob.SUMMARY).toFile(), Map.class);
        Map<?, ?> r = (Map<?, ?>) summary.get("references");
        assertNotNull(r, summary.toString());
        assertEquals(2, ((Number) r.get("images_scored")).intValue());
        assertEquals(3, ((Number) r.get("reference_captions")).intValue());
        assertEquals(names.size() - 3, ((Number) r.get("images_without_references")).intValue());
        assertEquals(1, ((Number) r.get("images_failed")).intValue());
        assertEquals(1, ((Number) r.get("file_malformed")).intValue());
        assertEquals(6, ((Number) r.get("file_records")).intValue());
        for (int n = 1; n <= 4; n++) {
            assertEquals(expected[n - 1], ((Number) r.get("bleu" + n)).doubleValue(), 1e-9, "BLEU-" + n);
        }
        assertTrue(expected[0] > 0, "the caption equal to a reference scores");
        io.attnspark.metrics.BleuStats stats = io.attnspark.metrics.MultiOrderBleu.stats(hyps, refs);
        assertEquals(io.attnspark.metrics.MultiOrderBleu.brevityPenalty(stats),
                ((Number) r.get("brevity_penalty")).doubleValue(), 1e-12);
        assertEquals((double) stats.hypLength() / stats.refLength(), ((Number) r.get("length_ratio")).doubleValue(),
                1e-12);
        assertEquals(stats.hypLength(), ((Number) r.get("caption_words")).longValue());
        assertEquals(stats.refLength(), ((Number) r.get("closest_reference_words")).longValue());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "score: BLEU-1..4 %.2f / %.2f / %.2f / %.2f over 2 "
                + "images with 3 references", expected[0], expected[1], expected[2], expected[3])), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "brevity penalty %.3f (length ratio %.3f: %d caption "
                + "words, %d in the closest references)", io.attnspark.metrics.MultiOrderBleu.brevityPenalty(stats),
                (double) stats.hypLength() / stats.refLength(), stats.hypLength(), stats.refLength())), text);

        CliResult bad = cli("score", "--mode", "translate", "--model", fx.model.toString(), "--input",
                inputs.toString(), "--out", fx.root.resolve("bad-refs").toString(), "--references", refFile.toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--references applies to --mode caption"), bad.err());
    }

    @Test
    void aCaptionerResumesFromItsLastCheckpoint() throws Exception {
        Path model = copyModel("resumed-model");
        java.nio.file.Path copy = java.nio.file.Path.of(model.toUri());
        Path prep = new Path(fx.root.resolve("prep").toUri());
        ComputationGraph before = new ModelDir(model, fx.spark.sparkContext().hadoopConfiguration()).loadModel();
        assertEquals(1, before.getConfiguration().getEpochCount());
        JobContext twoEpochs = CaptionScoreFixture.context(List.of("train.epochs=2", "train.select-by=bleu"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        io.attnspark.jobs.caption.CaptionTrainJob.train(fx.spark,
                new io.attnspark.jobs.train.TrainRequest(twoEpochs, prep, model, true),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("train: resuming") && out.contains("after epoch 1 of 2"), out);
        assertTrue(out.contains("epoch 2/2") && !out.contains("epoch 1/2"), out);
        List<String> metrics = Files.readAllLines(copy.resolve(ModelDir.METRICS));
        assertEquals(2, metrics.size());
        double[] bleu4 = new double[2];
        boolean[] best = new boolean[2];
        for (int i = 0; i < 2; i++) {
            com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(metrics.get(i));
            bleu4[i] = m.get("valid_bleu4_greedy").asDouble();
            best[i] = m.get("best").asBoolean();
        }
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "best epoch by validation BLEU %.2f, 0 epochs ago",
                bleu4[0])), "the resumed run selects by BLEU-4 from epoch 1's metrics: " + out);
        assertEquals(bleu4[1] > bleu4[0], best[1], "epoch 2 is the best one exactly when its BLEU-4 is higher");
        ComputationGraph after = new ModelDir(model, fx.spark.sparkContext().hadoopConfiguration()).loadModel();
        assertEquals(2, after.getConfiguration().getEpochCount());
        assertTrue(after.params().sub(before.params()).norm2Number().doubleValue() > 0, "the second epoch trained");
        CommandFailure done = assertThrows(CommandFailure.class, () -> io.attnspark.jobs.caption.CaptionTrainJob.train(
                fx.spark, new io.attnspark.jobs.train.TrainRequest(twoEpochs, prep, model, true),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(done.getMessage().contains("has been trained for 2 epochs already"), done.getMessage());
    }

    /** Next to last: the score command it runs stops the fixture's Spark session when it ends. */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void keptEpochsAverageIntoAModelDirectoryThatScoreTakes() throws Exception {
        Path model = copyModel("kept-model");
        java.nio.file.Path copy = java.nio.file.Path.of(model.toUri());
        Path prep = new Path(fx.root.resolve("prep").toUri());
        org.apache.hadoop.conf.Configuration hadoop = fx.spark.sparkContext().hadoopConfiguration();
        JobContext fourEpochs = CaptionScoreFixture.context(List.of("train.epochs=4", "train.keep-epochs=2"));
        io.attnspark.jobs.caption.CaptionTrainJob.train(fx.spark,
                new io.attnspark.jobs.train.TrainRequest(fourEpochs, prep, model, true), ScoreFixture.quiet());
        ModelDir dir = new ModelDir(model, hadoop);
        assertEquals(List.of(3, 4), dir.keptEpochs(), "epochs 2-4 trained keeping 2: epoch 2's graph is deleted");
        org.nd4j.linalg.api.ndarray.INDArray third = ModelDir.loadGraph(dir.epochFile(3), hadoop).params();
        org.nd4j.linalg.api.ndarray.INDArray fourth = ModelDir.loadGraph(dir.epochFile(4), hadoop).params();
        assertEquals(0.0, fourth.sub(dir.loadModel().params()).amaxNumber().doubleValue(), 0.0,
                "epoch 4's graph is the last checkpoint's");
        assertTrue(third.sub(fourth).amaxNumber().doubleValue() > 0, "epoch 4 trained");

        java.nio.file.Path avg = fx.root.resolve("averaged");
        CliResult run = cli("average", "--model", copy.toString(), "--last", "2", "--out", avg.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("average: epochs 3, 4 of ") && run.out().contains("a caption model"), run.out());
        ComputationGraph averaged = new ModelDir(new Path(avg.toUri()), hadoop).loadForDecoding();
        assertEquals(0.0, averaged.params().sub(third.add(fourth).divi(2)).amaxNumber().doubleValue(), 1e-6,
                "best.zip holds the mean of the two epochs' parameters");
        assertTrue(Files.isRegularFile(avg.resolve("text/manifest.json")) && Files.isRegularFile(avg.resolve(
                "resolved.conf")) && Files.isRegularFile(avg.resolve(ModelDir.METRICS)), "the training record goes along");
        com.fasterxml.jackson.databind.JsonNode provenance = JSON.readTree(avg.resolve(ModelDir.PROVENANCE).toFile());
        assertEquals("[3,4]", provenance.get("averaged").get("epochs").toString());
        assertEquals("caption", provenance.get("model_type").asText());

        java.nio.file.Path captions = fx.root.resolve("averaged.txt");
        CliResult scored = cli("score", "--mode", "caption", "--model", avg.toString(), "--input", inputs.toString(),
                "--out", fx.root.resolve("averaged-score").toString(), "--text-out", captions.toString(),
                "decode.beam=1");
        assertEquals(0, scored.exit(), scored.toString());
        assertEquals(names.size(), Files.readAllLines(captions).size());

        // Two checkpoint files of another run of the architecture (here the kept epochs by path) average as well.
        CliResult files = cli("average", "--model", copy.toString(), "--checkpoint", dir.epochFile(3).toString(),
                "--checkpoint", dir.epochFile(4).toString(), "--out", fx.root.resolve("by-file").toString());
        assertEquals(0, files.exit(), files.toString());
        assertTrue(files.out().contains("average: 2 checkpoints of "), files.out());

        java.nio.file.Path refused = fx.root.resolve("refused");
        CliResult tooMany = cli("average", "--model", copy.toString(), "--last", "3", "--out", refused.toString());
        assertEquals(1, tooMany.exit(), tooMany.toString());
        assertTrue(tooMany.err().contains("keeps epochs 3, 4 in epochs/, --last 3 needs 3 (train with "
                + "train.keep-epochs=3 or more)"), tooMany.err());
        CliResult missing = cli("average", "--model", copy.toString(), "--epochs", "2,4", "--out", refused.toString());
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("keeps no epoch 2 in epochs/ (it keeps epochs 3, 4;"), missing.err());
        CliResult both = cli("average", "--model", copy.toString(), "--last", "2", "--epochs", "3,4", "--out",
                refused.toString());
        assertEquals(2, both.exit(), both.toString());
        assertTrue(both.err().contains("give exactly one of --last N, --epochs"), both.err());

        java.nio.file.Path other = fx.root.resolve("other.zip");
        io.attnspark.nn.caption.CaptionConfig wider = io.attnspark.nn.caption.CaptionConfig.fromConfig(
                CaptionScoreFixture.context(List.of("model.caption.hidden-size=12")).config().section("model.caption"));
        org.deeplearning4j.util.ModelSerializer.writeModel(io.attnspark.nn.caption.CaptionModel.newGraph(
                io.attnspark.nn.caption.CaptionModel.configuration(wider, CaptionScoreFixture.IMAGE_SIZE,
                        new ModelDir(model, hadoop).captions().vocabulary().size(), 1, new org.nd4j.linalg.learning
                                .config.Adam(0.01), 0.0, org.nd4j.linalg.api.buffer.DataType.FLOAT)), other.toFile(), false);
        CliResult mixed = cli("average", "--model", copy.toString(), "--checkpoint", dir.epochFile(4).toString(),
                "--checkpoint", other.toString(), "--out", refused.toString());
        assertEquals(1, mixed.exit(), mixed.toString());
        assertTrue(mixed.err().contains("other.zip is another architecture than ")
                && mixed.err().contains("epoch-4.zip: parameter "), mixed.err());
        java.nio.file.Path notAZip = Files.writeString(fx.root.resolve("not-a-model.zip"), "text\n");
        CliResult junk = cli("average", "--model", copy.toString(), "--checkpoint", dir.epochFile(4).toString(),
                "--checkpoint", notAZip.toString(), "--out", refused.toString());
        assertEquals(1, junk.exit(), junk.toString());
        assertTrue(junk.err().contains("not-a-model.zip is not a model file written by train"), junk.err());
        assertTrue(Files.notExists(refused), "nothing written by a refused run");
        CliResult over = cli("average", "--model", copy.toString(), "--last", "2", "--out", copy.resolve("avg")
                .toString(), "--overwrite");
        assertEquals(1, over.exit(), over.toString());
        assertTrue(over.err().contains("overlap: the average goes to a new model directory"), over.err());
        assertEquals(1, cli("average", "--model", copy.toString(), "--last", "2", "--out", copy.toString(),
                "--overwrite").exit());
        assertEquals(List.of(3, 4), dir.keptEpochs(), "the model directory is untouched");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theCommandRunsEndToEnd() throws IOException {
        java.nio.file.Path out = fx.root.resolve("cli-out");
        java.nio.file.Path text = fx.root.resolve("cli.txt");
        java.nio.file.Path maps = fx.root.resolve("cli-maps");
        String model = fx.model.toString();
        CliResult refused = cli("score", "--model", model, "--mode", "caption", "--input", inputs.toString(), "--out",
                out.toString(), "--alignments");
        assertEquals(2, refused.exit, refused.toString());
        refused = cli("score", "--model", model, "--input", inputs.toString(), "--out", out.toString(),
                "--attention-maps", maps.toString());
        assertEquals(2, refused.exit, refused.toString());
        assertTrue(refused.err.contains("--attention-maps applies to --mode caption"), refused.toString());
        refused = cli("score", "--model", model, "--input", inputs.toString(), "--out", out.toString());
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(refused.err.contains("holds a caption model (captions images); --mode translate needs"), refused.toString());
        assertTrue(Files.notExists(out), "nothing written by a refused run");

        List<String> args = new ArrayList<>(List.of("score", "--model", model, "--mode", "caption", "--input",
                inputs.toString(), "--out", out.toString(), "--text-out", text.toString(), "--attention-maps",
                maps.toString(), "--beam", "2"));
        args.addAll(CaptionScoreFixture.SETTINGS);
        CliResult run = cli(args.toArray(String[]::new));
        assertEquals(0, run.exit, run.toString());
        List<String> printed = run.out.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(printed.get(printed.size() - 1).startsWith("score: " + names.size() + " images (ok "
                + (names.size() - 1) + ", error 1)"), run.toString());
        assertEquals(names.size(), Files.readAllLines(text).size());
        assertTrue(Files.exists(maps.resolve(NESTED + ".png")));
        assertTrue(Files.readString(out.resolve("resolved.conf")).contains("beam=2"));
    }

    // ------------------------------------------------------------------------------------------------------

    /** The library's captions of an image file, on the model directory's graph and prep-captions' pixels. */
    private static final class Reference {
        final PreparedCaptions data;
        final CaptionSearch search;

        Reference() throws IOException {
            this(fx.model);
        }

        /** An ensemble of {@code models} (or one model). */
        Reference(Path... models) throws IOException {
            List<CaptionStepDecoder> decoders = new ArrayList<>();
            for (Path m : models) {
                decoders.add(new CaptionStepDecoder(
                        new ModelDir(m, fx.spark.sparkContext().hadoopConfiguration()).loadForDecoding()));
            }
            data = PreparedCaptions.open(new Path(models[0], ModelDir.TEXT).toString());
            search = new CaptionSearch(decoders, 8);
        }

        Hypothesis greedy(String name) throws Exception {
            return search.greedy(image(name)).get(0);
        }

        Hypothesis beam(String name, DecodeConfig decode) throws Exception {
            return search.beam(image(name), decode, 1).get(0);
        }

        private org.nd4j.linalg.api.ndarray.INDArray image(String name) throws Exception {
            int s = CaptionScoreFixture.IMAGE_SIZE;
            byte[] p = ImagePreparation.pixels(Files.readAllBytes(inputs.resolve(name)), s, 50_000_000L);
            float[] chw = new float[3 * s * s];
            for (int q = 0; q < s * s; q++) {
                for (int c = 0; c < 3; c++) {
                    chw[c * s * s + q] = (p[q * 3 + c] & 0xFF) / 255f;
                }
            }
            return Nd4j.create(chw, new long[] {1, 3, s, s}, 'c');
        }
    }

    private static String vocabularySha(java.nio.file.Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return io.attnspark.text.Vocabulary.read(in, file.toString()).sha256();
        }
    }

    /** A copy of the fixture's model directory under {@code name}. */
    private static Path copyModel(String name) throws IOException {
        java.nio.file.Path from = java.nio.file.Paths.get(fx.model.toUri());
        java.nio.file.Path copy = fx.root.resolve(name);
        try (Stream<java.nio.file.Path> files = Files.walk(from)) {
            for (java.nio.file.Path f : files.toList()) {
                Files.copy(f, copy.resolve(from.relativize(f).toString()));
            }
        }
        return new Path(copy.toUri());
    }

    private static CaptionSummary caption(JobContext context, String name, boolean extras, ByteArrayOutputStream progress)
            throws IOException {
        java.nio.file.Path out = Files.createDirectories(fx.root.resolve(name));
        CaptionScoreRequest request = new CaptionScoreRequest(context, fx.model, new Path(inputs.toUri()),
                new Path(out.toUri()),
                extras ? Optional.of(new Path(fx.root.resolve(name + ".txt").toUri())) : Optional.empty(),
                extras ? Optional.of(new Path(fx.root.resolve(name + ".maps").toUri())) : Optional.empty());
        PrintStream print = progress == null ? ScoreFixture.quiet() : new PrintStream(progress, true, StandardCharsets.UTF_8);
        return CaptionScoreJob.score(fx.spark, request, print);
    }

    private static List<Row> results(String name) {
        return fx.spark.read().parquet(fx.root.resolve(name).resolve(ScoreJob.RESULTS).toString())
                .orderBy(CaptionResultSchema.ID).collectAsList();
    }

    private record CliResult(int exit, String out, String err) {
    }

    private static CliResult cli(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute(args, new PrintWriter(System.out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(original);
        }
        return new CliResult(exit, captured.toString(StandardCharsets.UTF_8), err.toString());
    }
}
