package io.attnspark.jobs.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver dies in the middle of training: a miniature quickstart is killed (SIGKILL, the launcher and its
 * JVM) while it trains epoch 2 of 3, after the checkpoint of epoch 1 was written. {@code train --resume}
 * with the run's own resolved.conf then continues from that checkpoint: it says it resumes after epoch 1,
 * trains epochs 2 and 3 only, and leaves one metrics line per epoch, a model of 3 epochs and its best model.
 */
class DriverResumeIT {
    private static final String[] MINIATURE = {"quickstart.train-pairs=600", "quickstart.valid-pairs=40",
            "quickstart.test-pairs=20", "train.epochs=3", "train.batch-size=32", "model.embedding-size=32",
            "model.encoder.hidden-size=32", "model.decoder.hidden-size=64", "model.attentional-size=64",
            "train.bleu-sentences=20", "spark.conf.\"spark.sql.shuffle.partitions\"=2"};

    @TempDir
    Path tmp;

    @Test
    void resumeFinishesTheRunFromTheLastCheckpoint() throws Exception {
        Path qs = tmp.resolve("qs");
        Path model = qs.resolve("model");
        List<String> args = new java.util.ArrayList<>(List.of("quickstart", "--out", qs.toString()));
        args.addAll(List.of(MINIATURE));
        CliProcess first = CliProcess.start(tmp, "-Xmx2g", args.toArray(new String[0]));
        try {
            first.awaitLine(l -> l.startsWith("train: epoch 1/3  loss"), 600);
            // The epoch line is printed before the checkpoint is written: wait for it, and for epoch 2 under way.
            long end = System.nanoTime() + 60_000_000_000L;
            while (!(Files.isRegularFile(model.resolve("model.zip")) && lines(model.resolve("metrics.jsonl")) == 1
                    && Files.isRegularFile(model.resolve("report.html"))) && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            first.awaitLine(l -> l.startsWith("train: epoch 2/3  ") && l.contains("round"), 600);
        } finally {
            first.kill();
        }
        assertTrue(first.out().lines().noneMatch(l -> l.startsWith("train: epoch 2/3  loss")),
                "killed before epoch 2 ended\n" + first);
        assertEquals(1, lines(model.resolve("metrics.jsonl")), "one epoch checkpointed when the driver died");

        CliProcess resumed = CliProcess.run(tmp, "-Xmx2g", 600, "train", "--resume", "--conf",
                model.resolve("resolved.conf").toString(), "--data", qs.resolve("prep").toString(), "--out", model.toString());
        assertEquals(0, resumed.exit(), resumed.toString());
        String out = resumed.out();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("train: resuming ") && l.contains(" after epoch 1 of 3 (")), out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("train: epoch 1/3  loss")), "epoch 1 is not trained again\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("train: epoch 3/3  loss")), out);

        ObjectMapper json = new ObjectMapper();
        List<String> metrics = Files.readAllLines(model.resolve("metrics.jsonl"));
        assertEquals(List.of(1, 2, 3), metrics.stream().map(l -> read(json, l).get("epoch")).toList());
        assertEquals(3, ((Number) json.readValue(model.resolve("model.json").toFile(), Map.class).get("epoch")).intValue());
        assertTrue(Files.isRegularFile(model.resolve("best.zip")));
        double first1 = ((Number) read(json, metrics.get(0)).get("valid_loss")).doubleValue();
        double last = ((Number) read(json, metrics.get(2)).get("valid_loss")).doubleValue();
        assertTrue(last < first1, "the resumed run went on learning: validation loss " + first1 + " -> " + last);
    }

    private static Map<?, ?> read(ObjectMapper json, String line) {
        try {
            return json.readValue(line, Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long lines(Path file) throws java.io.IOException {
        return Files.isRegularFile(file) ? Files.readAllLines(file).size() : 0;
    }
}
