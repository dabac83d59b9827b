package io.attnspark.jobs.train;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Transformer through the jobs: the miniature quickstart with {@code model.type = transformer} (synthetic
 * corpus, Spark prep, {@code TrainJob} with two parameter-averaging workers on local[2], greedy validation BLEU,
 * beam decoding), then {@code score} on the model directory it wrote (forced scores and translations on Spark); with
 * one vocabulary for both sides and all three embedding tables tied to the output projection.
 */
class TransformerJobsTest {
    private static final List<String> MODEL = List.of("model.type=transformer", "model.transformer.d-model=32",
            "model.transformer.heads=4", "model.transformer.ffn-size=64", "model.transformer.encoder-layers=1",
            "model.transformer.decoder-layers=1", "model.transformer.dropout=0.0",
            "model.transformer.tie-embeddings=all", "data.vocab.joint=true");

    @TempDir
    Path tmp;

    @Test
    void trainsOnSparkThenScores() throws Exception {
        Path out = tmp.resolve("qs");
        String[] quickstart = concat(List.of("quickstart", "--out", out.toString(), "quickstart.train-pairs=1200",
                "quickstart.valid-pairs=40", "quickstart.test-pairs=40", "train.epochs=3", "train.batch-size=32",
                "train.learning-rate=0.003", "decode.beam=2", "train.label-smoothing=0.1"), MODEL);
        Run qs = run(quickstart);
        assertEquals(0, qs.code, qs.err + "\n" + qs.out);
        assertTrue(qs.out.contains("quickstart: BLEU="), qs.out);

        ObjectMapper json = new ObjectMapper();
        Map<?, ?> provenance = json.readValue(out.resolve("model/model.json").toFile(), Map.class);
        assertEquals("transformer", provenance.get("model_type"));
        List<String> metrics = Files.readAllLines(out.resolve("model/metrics.jsonl"));
        assertEquals(3, metrics.size());
        double first = ((Number) json.readValue(metrics.get(0), Map.class).get("valid_loss")).doubleValue();
        double last = ((Number) json.readValue(metrics.get(2), Map.class).get("valid_loss")).doubleValue();
        assertTrue(last < first, "validation loss " + first + " -> " + last);

        Run scored = run(new String[] {"score", "--model", out.resolve("model").toString(), "--input",
                out.resolve("prep").toString(), "--out", tmp.resolve("scored").toString(), "--text-out",
                tmp.resolve("test.hyp").toString(), "--beam", "2", "--alignments"});
        assertEquals(0, scored.code, scored.err + "\n" + scored.out);
        assertEquals(40, Files.readAllLines(tmp.resolve("test.hyp")).size());
        Map<?, ?> summary = json.readValue(tmp.resolve("scored/summary.json").toFile(), Map.class);
        assertTrue(summary.toString().contains("transformer"), summary.toString());

        Run forced = run(new String[] {"score", "--model", out.resolve("model").toString(), "--input",
                out.resolve("prep").toString(), "--out", tmp.resolve("forced").toString(), "--mode", "score"});
        assertEquals(0, forced.code, forced.err + "\n" + forced.out);
    }

    /** Tying the source embedding to the output needs one vocabulary: separate ones are refused in one line. */
    @Test
    void tyingEverythingRefusesSeparateVocabularies() {
        Path out = tmp.resolve("separate");
        List<String> model = new java.util.ArrayList<>(MODEL);
        model.set(model.indexOf("data.vocab.joint=true"), "data.vocab.joint=false");
        Run qs = run(concat(List.of("quickstart", "--out", out.toString(), "quickstart.train-pairs=200",
                "quickstart.valid-pairs=20", "quickstart.test-pairs=20", "train.epochs=1"), model));
        assertEquals(1, qs.code, qs.err + "\n" + qs.out);
        String line = qs.err.strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("model.transformer.tie-embeddings=all needs one vocabulary for both sides")
                && line.contains("data.vocab.joint = true"), line);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String[] args) {
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args, new PrintWriter(System.out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(original);
        }
        return new Run(code, captured.toString(StandardCharsets.UTF_8), err.toString());
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
