package io.attnspark.jobs.cli;

import io.attnspark.jobs.Main;
import io.attnspark.prep.Split;
import io.attnspark.prep.captions.PreparedCaptions;
import io.attnspark.prep.synthetic.ShapesCaptionGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/attnspark prep-captions through the command line, on the synthetic shapes set. */
class PrepCaptionsCommandTest {
    @TempDir
    Path dir;
    private ShapesCaptionGenerator.Written shapes;

    @BeforeEach
    void shapes() throws Exception {
        shapes = ShapesCaptionGenerator.write(dir.resolve("shapes"), 8, 2, 2, 32, 3);
    }

    /** The command's exit status, stdout (the summary goes to System.out) and stderr. */
    private static CliRun run(String... args) {
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute(args, new PrintWriter(System.out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(original);
        }
        return new CliRun(exit, captured.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void preparesPrintsCountsPerSplitAndRefusesToOverwrite() throws Exception {
        Path out = dir.resolve("prepared");
        String[] args = {"prep-captions", "--images", shapes.images().toString(), "--captions", shapes.captions().toString(),
                "--train-list", shapes.trainList().toString(), "--valid-list", shapes.validList().toString(),
                "--test-list", shapes.testList().toString(), "--image-size", "12", "--out", out.toString(),
                "captions.vocab.min-count=1", "captions.shards=1"};
        CliRun run = run(args);
        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals("prep-captions: flickr8k captions, 12 images named, 36 caption records", lines.get(0));
        assertEquals("prep-captions: train images 8 in, 8 out; captions 24 in, 24 out", lines.get(1));
        assertEquals("prep-captions: test  images 2 in, 2 out; captions 6 in, 6 out", lines.get(3));
        assertTrue(lines.get(4).matches("prep-captions: vocabulary \\d+ entries \\(min-count 1\\); images 12x12x3; out=.*prepared"),
                lines.get(4));
        assertTrue(Files.readString(out.resolve("resolved.conf")).contains("image-size=12"), "--image-size sets the key");
        PreparedCaptions prepared = PreparedCaptions.open(out.toString());
        assertEquals(12, prepared.imageSize());
        assertEquals(8, prepared.size(Split.TRAIN));

        run = run(args);
        assertEquals(1, run.exit());
        assertEquals(List.of("attnspark prep-captions: output " + out + " exists (use --overwrite to replace it)"), run.errLines());
        assertTrue(Files.exists(out.resolve("manifest.json")), "the existing output is untouched");
    }

    @Test
    void failuresAreOneLine() throws Exception {
        Path out = dir.resolve("o");
        CliRun run = run("prep-captions", "--images", shapes.images().toString(), "--captions", shapes.captions().toString(),
                "--format", "xml", "--out", out.toString());
        assertEquals(1, run.exit());
        assertEquals(List.of("attnspark prep-captions: captions.format=xml is not one of auto, flickr8k, csv, coco"), run.errLines());
        assertFalse(Files.exists(out), "nothing is written before the configuration is valid");

        run = run("prep-captions", "--images", shapes.images().toString(), "--captions", dir.resolve("nope.txt").toString(),
                "--out", out.toString());
        assertEquals(List.of("attnspark prep-captions: captions file " + dir.resolve("nope.txt") + " does not exist"), run.errLines());

        Path words = Files.writeString(dir.resolve("words.txt"), "no format here\n");
        run = run("prep-captions", "--images", shapes.images().toString(), "--captions", words.toString(), "--out", out.toString());
        assertEquals(1, run.exit());
        assertEquals(List.of("attnspark prep-captions: cannot tell the format of file:" + words + ": not COCO JSON, not"
                + " IMAGE#N<TAB>caption lines, not a CSV with an image,caption header; set captions.format (flickr8k, csv"
                + " or coco)"), run.errLines());
    }
}
