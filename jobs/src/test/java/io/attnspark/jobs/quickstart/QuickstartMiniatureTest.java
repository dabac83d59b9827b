package io.attnspark.jobs.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.jobs.Main;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quickstart in miniature, through the command line: a small synthetic corpus, Spark prep, two
 * parameter-averaging workers, beam decoding and BLEU. Quality is the benchmark's business; this checks
 * that every stage runs, writes what it promises and that training learns.
 */
class QuickstartMiniatureTest {
    private static final Pattern LAST_LINE = Pattern.compile("quickstart: BLEU=(\\d+\\.\\d\\d) exact=.*");

    @TempDir
    Path tmp;

    @Test
    void runsEveryStageAndEndsWithTheBleuLine() throws Exception {
        Path out = tmp.resolve("qs");
        String[] args = {"quickstart", "--out", out.toString(),
                "quickstart.train-pairs=1200", "quickstart.valid-pairs=60", "quickstart.test-pairs=60",
                "train.epochs=3", "train.batch-size=32", "model.embedding-size=32", "model.encoder.hidden-size=32",
                "model.decoder.hidden-size=64", "model.attentional-size=64", "decode.beam=3",
                "train.label-smoothing=0.1", "train.schedule.type=plateau"};
        String stdout;
        int code;
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Main.execute(args, new PrintWriter(System.out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(original);
        }
        stdout = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, "stderr: " + err + "\nstdout: " + stdout);
        List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
        Matcher last = LAST_LINE.matcher(lines.get(lines.size() - 1));
        assertTrue(last.matches(), "last line: " + lines.get(lines.size() - 1));
        assertTrue(stdout.contains("prep-text: train 1,200 pairs in"), stdout);

        assertEquals(60, Files.readAllLines(out.resolve("test.hyp")).size());
        assertTrue(Files.exists(out.resolve("model/model.zip")));
        assertTrue(Files.exists(out.resolve("model/text/manifest.json")));
        assertTrue(Files.exists(out.resolve("prep/manifest.json")));
        ObjectMapper json = new ObjectMapper();
        List<String> metrics = Files.readAllLines(out.resolve("model/metrics.jsonl"));
        assertEquals(3, metrics.size());
        double first = ((Number) json.readValue(metrics.get(0), Map.class).get("valid_loss")).doubleValue();
        double lastLoss = ((Number) json.readValue(metrics.get(2), Map.class).get("valid_loss")).doubleValue();
        assertTrue(lastLoss < first, "validation loss " + first + " -> " + lastLoss);
        Map<?, ?> lastMetrics = json.readValue(metrics.get(2), Map.class);
        assertTrue(lastMetrics.get("valid_bleu_greedy") instanceof Number, metrics.get(2));
        assertTrue(lastMetrics.get("learning_rate") instanceof Number, metrics.get(2));
        assertTrue(Files.exists(out.resolve("model/best.zip")), "best epoch kept");
        String report = Files.readString(out.resolve("model/report.html"));
        assertTrue(report.contains("<svg") && report.contains("Validation BLEU")
                && report.contains("Attention on validation sentences"), "report.html has curves and heatmaps");

        assertEquals(1, Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err, true)),
                "a second run into the same --out is refused without --overwrite");

        String[] resume = {"train", "--data", out.resolve("prep").toString(), "--out", out.resolve("model").toString(),
                "--resume", "train.epochs=4", "train.batch-size=32", "train.schedule.type=plateau"};
        captured.reset();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Main.execute(resume, new PrintWriter(System.out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(original);
        }
        String resumed = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, "stderr: " + err + "\nstdout: " + resumed);
        assertTrue(resumed.contains("resuming") && resumed.contains("after epoch 3 of 4"), resumed);
        assertTrue(resumed.contains("epoch 4/4") && !resumed.contains("epoch 1/4"), resumed);
        assertEquals(4, Files.readAllLines(out.resolve("model/metrics.jsonl")).size());

        String[] limited = {"train", "--data", out.resolve("prep").toString(), "--out", out.resolve("model").toString(),
                "--resume", "train.epochs=9", "train.batch-size=32", "train.max-minutes=0.001"};
        captured.reset();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Main.execute(limited, new PrintWriter(System.out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(original);
        }
        String stopped = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, "stderr: " + err + "\nstdout: " + stopped);
        assertTrue(stopped.contains("stopping after epoch 5: time limit"), stopped);
        assertEquals(5, Files.readAllLines(out.resolve("model/metrics.jsonl")).size());

        StringWriter again = new StringWriter();
        assertEquals(1, Main.execute(resume, new PrintWriter(new StringWriter()), new PrintWriter(again, true)));
        assertTrue(again.toString().contains("has been trained for 5 epochs already"), again.toString());
    }
}
