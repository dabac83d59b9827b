package io.attnspark.jobs.sweep;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.config.ConfigSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sweep loop with a runner that trains nothing: its "BLEU" after epoch e is 1000 * learning rate * e, and
 * trial 3 fails in its first step. Checks successive halving's promotions, that the failure is recorded and the
 * sweep goes on, the progress lines, the leaderboard and best.conf.
 */
class SweepTest {
    @TempDir
    Path tmp;

    /** Steps run so far, as "id:from-to". */
    private final List<String> ran = new ArrayList<>();

    /** The trial whose first step fails (none when 0). */
    private int failing = 3;

    private final TrialRunner fake = (steps, onDone) -> {
        for (TrialStep s : steps) {
            ran.add(s.id() + ":" + s.fromEpoch() + "-" + s.toEpoch());
            if (s.id() == failing) {
                onDone.accept(StepResult.failed(3, new IllegalStateException("training diverged in epoch 1"), 0.5));
                continue;
            }
            double lr = s.config().config().getDouble("train.learning-rate");
            List<Map<String, Object>> epochs = new ArrayList<>();
            for (int e = s.fromEpoch() + 1; e <= s.toEpoch(); e++) {
                epochs.add(Map.of("epoch", e, "valid_loss", 1.0 / e, "valid_bleu_greedy", 1000 * lr * e));
            }
            onDone.accept(new StepResult(s.id(), null, epochs, 1.0));
        }
    };

    @Test
    void halvesRecordsTheFailedTrialAndGoesOn() throws Exception {
        AttnsparkConfig base = AttnsparkConfig.defaults().withOverrides(List.of("train.epochs=4", "seed=5",
                "sweep.trials=6", "sweep.space=[{ key = train.learning-rate, log-uniform = [0.001, 0.01] }]"));
        SweepSettings settings = SweepSettings.fromConfig(base.section("sweep"));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(captured, true, StandardCharsets.UTF_8);
        SweepOutputs outputs = new SweepOutputs(tmp, settings);
        List<Trial> trials = new Sweep(settings, base, tmp, progress).run(fake, outputs::update);
        String out = captured.toString(StandardCharsets.UTF_8);

        assertEquals(6, trials.size());
        Trial failed = trials.get(2);
        assertEquals(Trial.Status.FAILED, failed.status());
        assertEquals("IllegalStateException: training diverged in epoch 1", failed.error());
        assertTrue(out.contains("sweep: trial 3/6 failed in rung 1: IllegalStateException: training diverged in epoch 1"), out);

        // rung 1: 5 finished, the best floor(5/2) = 2 go on; rung 2: the better of those two trains to 4 epochs
        List<Trial> byLr = new ArrayList<>(trials.stream().filter(t -> t.status() != Trial.Status.FAILED).toList());
        byLr.sort((a, b) -> Double.compare((Double) b.values().get("train.learning-rate"), (Double) a.values().get("train.learning-rate")));
        assertEquals(Trial.Status.DONE, byLr.get(0).status());
        assertEquals(4, byLr.get(0).epochs());
        assertEquals(Trial.Status.STOPPED, byLr.get(1).status());
        assertEquals(2, byLr.get(1).epochs());
        for (Trial t : byLr.subList(2, 5)) {
            assertEquals(Trial.Status.STOPPED, t.status());
            assertEquals(1, t.epochs());
        }
        assertEquals(6 + 2 + 1, ran.size(), ran.toString());
        assertTrue(ran.contains(byLr.get(0).id() + ":2-4"), ran.toString());
        assertTrue(out.lines().anyMatch(l -> l.matches("sweep: trial \\d/6 rung 3/3 \\(4 epochs\\) valid-bleu \\d+\\.\\d{4} in 1s  "
                + "\\[\\d+/11 epoch-trainings, elapsed \\d+s, ETA \\d+s]")), out);

        List<String> csv = Files.readAllLines(tmp.resolve("leaderboard.csv"));
        assertEquals(7, csv.size(), String.join("\n", csv));
        assertEquals("rank,trial,status,valid-bleu,epochs,seconds,train.learning-rate,error", csv.get(0));
        assertTrue(csv.get(1).startsWith("1," + byLr.get(0).id() + ",done,"), csv.get(1));
        assertTrue(csv.get(6).startsWith("6,3,failed,,0,0.5,"), csv.get(6));
        assertTrue(Files.readString(tmp.resolve("leaderboard.md")).contains("| 6 | 3 | failed |"));
        assertTrue(Files.readString(tmp.resolve("plot.html")).contains("<svg"));

        Trial best = outputs.writeBest(trials).orElseThrow();
        assertEquals(byLr.get(0), best);
        AttnsparkConfig loaded = AttnsparkConfig.load(tmp.resolve("best.conf"), List.of());
        ConfigSchema.validate(loaded);
        assertEquals(best.values().get("train.learning-rate"), loaded.config().getDouble("train.learning-rate"));
        assertEquals(4, loaded.config().getInt("train.epochs"));
        assertEquals(AttnsparkConfig.defaults().config().getValue("sweep"), loaded.config().getValue("sweep"),
                "best.conf does not start another sweep");
        assertTrue(Files.isRegularFile(tmp.resolve("trials/001/trial.conf")));
    }

    @Test
    void aRefusedCombinationIsAFailedTrialNotAFailedSweep() throws Exception {
        // Each value passes alone (space check), but dot attention with a 2 x 32 encoder and a 128 decoder does not.
        AttnsparkConfig base = AttnsparkConfig.defaults().withOverrides(List.of("train.epochs=1",
                "model.encoder.hidden-size=64", "model.decoder.hidden-size=128", "sweep.space=[{ key = "
                        + "model.attention.score, grid = [general, dot] }, { key = model.encoder.hidden-size, grid = [64, 32] }]"));
        SweepSettings settings = SweepSettings.fromConfig(base.section("sweep"));
        settings.space().check(base);
        failing = 0;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Sweep sweep = new Sweep(settings, base, tmp, new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<Trial> trials = sweep.run(fake, t -> { });
        assertEquals(List.of(Trial.Status.DONE, Trial.Status.DONE, Trial.Status.DONE, Trial.Status.FAILED),
                trials.stream().map(Trial::status).toList(), trials.stream().map(Trial::error).toList().toString());
        assertTrue(trials.get(3).error().startsWith("configuration refused: model.attention.score=dot needs "
                + "model.decoder.hidden-size=128 to equal the encoder output size 64"), trials.get(3).error());
        assertEquals(List.of("1:0-1", "2:0-1", "3:0-1"), ran, "the refused trial never ran");
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("sweep: trial 4/4 failed: configuration refused"));
    }
}
