package io.attnspark.jobs.sweep;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.Main;
import io.attnspark.jobs.config.ConfigSchema;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny sweep end to end through the command line on local Spark: no --data (the synthetic corpus is
 * generated and prepared into --out), four parallel trials as Spark tasks with successive halving over 1 and 2
 * epochs, then {@code train --conf best.conf} on the sweep's prepared data; then two sequential trials on the
 * same data (each a distributed training, the better one resumed to its second epoch).
 */
class SweepJobTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run main(String... args) {
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

    @Test
    void tinyParallelAndSequentialSweepsWriteTheLeaderboardAndARunnableBestConfig() throws Exception {
        Path file = tmp.resolve("tiny-sweep.conf");
        Files.writeString(file, String.join("\n",
                "quickstart { train-pairs = 300, valid-pairs = 40, test-pairs = 10 }",
                "model { embedding-size = 16, encoder.hidden-size = 16, decoder.hidden-size = 32, attentional-size = 32 }",
                "train { epochs = 2, batch-size = 32, bleu-sentences = 20 }",
                "spark.conf { \"spark.sql.shuffle.partitions\" = \"2\" }",
                "sweep {",
                "  trials = 4",
                "  objective = valid-loss",
                "  space = [",
                "    { key = train.learning-rate, log-uniform = [0.002, 0.02] }",
                "    { key = model.attention.score, grid = [general, additive] }",
                "  ]",
                "  halving { min-epochs = 1, reduction-factor = 2 }",
                "}", ""));
        Path out = tmp.resolve("sweep");
        Run sweep = main("sweep", "--conf", file.toString(), "--out", out.toString());
        assertEquals(0, sweep.exit(), sweep.toString());
        List<String> lines = sweep.out().lines().filter(l -> l.startsWith("sweep: ")).toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("sweep: best trial "), sweep.out());
        assertTrue(sweep.out().contains("sweep: 4 trials (parallel mode), objective valid-loss, rungs at [1, 2] epochs"), sweep.out());
        assertEquals(6, lines.stream().filter(l -> l.matches("sweep: trial \\d/4 rung [12]/2 .*ETA.*")).count(), sweep.out());

        List<String> csv = Files.readAllLines(out.resolve("leaderboard.csv"));
        assertEquals(5, csv.size(), String.join("\n", csv));
        assertEquals("rank,trial,status,valid-loss,epochs,seconds,train.learning-rate,model.attention.score,error", csv.get(0));
        assertEquals(2, csv.stream().filter(l -> l.contains(",done,")).count(), String.join("\n", csv));
        assertEquals(2, csv.stream().filter(l -> l.contains(",stopped,")).count(), String.join("\n", csv));
        for (String f : List.of("leaderboard.md", "plot.html", "best.conf", "prep/manifest.json",
                "trials/001/metrics.jsonl", "trials/001/model.zip", "trials/001/trial.conf")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }

        AttnsparkConfig best = AttnsparkConfig.load(out.resolve("best.conf"), List.of());
        ConfigSchema.validate(best);
        String bestLr = csv.get(1).split(",")[6];
        assertEquals(Double.parseDouble(bestLr), best.config().getDouble("train.learning-rate"), 1e-12);
        Run train = main("train", "--conf", out.resolve("best.conf").toString(), "--data", out.resolve("prep").toString(),
                "--out", tmp.resolve("model").toString(), "train.epochs=1");
        assertEquals(0, train.exit(), train.toString());
        assertEquals(1, Files.readAllLines(tmp.resolve("model/metrics.jsonl")).size());

        // The same data, sequential mode: each trial a distributed training; the promoted one resumes to epoch 2.
        Path seq = tmp.resolve("sequential");
        Run sequential = main("sweep", "--conf", file.toString(), "--data", out.resolve("prep").toString(),
                "--out", seq.toString(), "sweep.mode=sequential", "sweep.trials=0",
                "sweep.space=[{ key = train.learning-rate, grid = [0.003, 0.01] }]");
        assertEquals(0, sequential.exit(), sequential.toString());
        assertTrue(sequential.out().contains("sweep: 2 trials (sequential mode), objective valid-loss, rungs at [1, 2] epochs"),
                sequential.out());
        assertTrue(sequential.out().lines().anyMatch(l -> l.startsWith("train: resuming ") && l.contains(" after epoch 1 of 2 ")),
                sequential.out());
        List<String> seqCsv = Files.readAllLines(seq.resolve("leaderboard.csv"));
        assertEquals(3, seqCsv.size(), String.join("\n", seqCsv));
        assertTrue(seqCsv.get(1).matches("1,\\d,done,\\d+\\.\\d{4},2,.*") && seqCsv.get(2).matches("2,\\d,stopped,\\d+\\.\\d{4},1,.*"),
                String.join("\n", seqCsv));
        String winner = seqCsv.get(1).split(",")[1];
        Path winnerDir = seq.resolve("trials/00" + winner);
        assertEquals(2, Files.readAllLines(winnerDir.resolve("metrics.jsonl")).size());
        for (String f : List.of("model.zip", "best.zip", "report.html", "model.json", "trial.conf")) {
            assertTrue(Files.isRegularFile(winnerDir.resolve(f)), f);
        }
        assertTrue(Files.isRegularFile(seq.resolve("best.conf")));
        assertTrue(!Files.exists(seq.resolve("prep")), "with --data nothing is generated");
    }
}
