package io.attnspark.train;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.config.ConfigError;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingControlTest {
    private static TrainConfig cfg(String... overrides) {
        return TrainConfig.fromConfig(AttnsparkConfig.load(null, List.of(overrides)).section("train"));
    }

    @Test
    void plateauDecaysAfterPatienceEpochsWithoutImprovementAndNeverBelowTheFloor() {
        TrainConfig c = cfg("train.learning-rate=0.004", "train.schedule.type=plateau", "train.schedule.patience=2",
                "train.schedule.decay-factor=0.5", "train.schedule.min-learning-rate=0.0015", "train.epochs=20");
        TrainingControl control = TrainingControl.start(c);
        assertTrue(control.afterEpoch(3.0, 10, 10, 19).improved());
        TrainingControl.Decision d = control.afterEpoch(3.1, 10, 20, 18);
        assertFalse(d.learningRateChanged());
        d = control.afterEpoch(3.05, 10, 30, 17);
        assertTrue(d.learningRateChanged());
        assertEquals(0.002, d.learningRate(), 1e-12);
        assertFalse(control.afterEpoch(3.2, 10, 40, 16).learningRateChanged(), "patience counts again after a decay");
        d = control.afterEpoch(3.2, 10, 50, 15);
        assertEquals(0.0015, d.learningRate(), 1e-12, "floored at min-learning-rate");
        assertTrue(control.afterEpoch(2.0, 10, 60, 14).improved());
        assertEquals(2.0, control.bestLoss());
        assertEquals("validation loss 2.0000", control.bestDescription());
    }

    @Test
    void constantScheduleNeverDecays() {
        TrainingControl control = TrainingControl.start(cfg("train.schedule.type=constant", "train.epochs=10"));
        control.afterEpoch(1.0, 1, 1, 9);
        for (int i = 0; i < 5; i++) {
            assertFalse(control.afterEpoch(2.0, 1, 2 + i, 8 - i).learningRateChanged());
        }
    }

    @Test
    void earlyStoppingAfterPatienceEpochsWithoutImprovement() {
        TrainingControl control = TrainingControl.start(cfg("train.early-stopping-patience=2", "train.epochs=10"));
        assertFalse(control.afterEpoch(1.0, 1, 1, 9).stop());
        assertFalse(control.afterEpoch(1.5, 1, 2, 8).stop());
        TrainingControl.Decision d = control.afterEpoch(1.2, 1, 3, 7);
        assertTrue(d.stop());
        assertTrue(d.reason().startsWith("early stop"), d.reason());
    }

    @Test
    void selectByBleuKeepsTheEpochWithTheHighestBleuWhileThePlateauScheduleWatchesTheLoss() {
        TrainingControl control = TrainingControl.start(cfg("train.select-by=bleu", "train.schedule.type=plateau",
                "train.schedule.patience=1", "train.learning-rate=0.002", "train.early-stopping-patience=2",
                "train.epochs=20"));
        assertTrue(control.afterEpoch(3.0, 8.0, 1, 1, 19).improved());
        TrainingControl.Decision d = control.afterEpoch(2.9, 7.5, 1, 2, 18);
        assertFalse(d.improved(), "a lower loss with a lower BLEU is not the best epoch");
        assertFalse(d.learningRateChanged(), "the loss improved: no decay");
        d = control.afterEpoch(3.1, 9.0, 1, 3, 17);
        assertTrue(d.improved(), "a higher BLEU with a higher loss is");
        assertTrue(d.learningRateChanged(), "the loss did not improve: decay");
        assertEquals(0.001, d.learningRate(), 1e-12);
        assertEquals("validation BLEU 9.00", control.bestDescription());
        assertFalse(control.afterEpoch(2.8, 8.9, 1, 4, 16).stop());
        d = control.afterEpoch(2.7, Double.NaN, 1, 5, 15);
        assertTrue(d.stop(), "two epochs without a better BLEU, although the loss improved");
        assertTrue(d.reason().startsWith("early stop: no epoch better than the best (validation BLEU 9.00) for 2"),
                d.reason());
    }

    @Test
    void selectByBleuNeedsValidationBleu() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> cfg("train.select-by=bleu", "train.bleu-sentences=0"));
        assertTrue(e.getMessage().contains("train.bleu-sentences"), e.getMessage());
        assertThrows(ConfigError.class, () -> cfg("train.select-by=bleu4"));
    }

    @Test
    void resumeReplaysTheHistoryAsTheUninterruptedRunHadIt() {
        TrainConfig c = cfg("train.select-by=bleu", "train.schedule.type=plateau", "train.schedule.patience=2",
                "train.learning-rate=0.004", "train.epochs=20");
        List<double[]> history = List.of(new double[]{3.0, 5.0}, new double[]{2.9, 7.0}, new double[]{3.0, 6.5},
                new double[]{3.1, 6.0}, new double[]{3.2, 6.9});
        TrainingControl uninterrupted = TrainingControl.start(c);
        for (double[] h : history) {
            uninterrupted.afterEpoch(h[0], h[1], 1, 1, 10);
        }
        TrainingControl resumed = TrainingControl.resume(c, history);
        assertEquals(0.002, resumed.learningRate(), 1e-12, "decayed once, after epoch 4");
        assertEquals(uninterrupted.learningRate(), resumed.learningRate());
        assertEquals(3, resumed.sinceBest());
        assertEquals("validation BLEU 7.00", resumed.bestDescription());
        TrainingControl.Decision a = uninterrupted.afterEpoch(3.3, 6.0, 1, 1, 10);
        TrainingControl.Decision b = resumed.afterEpoch(3.3, 6.0, 1, 1, 10);
        assertEquals(a, b, "the next decision is the same");
        assertTrue(b.learningRateChanged(), "patience 2 counts the epochs since the last decay");
    }

    @Test
    void timeLimitStopsBeforeAnEpochThatWouldOverrun() {
        TrainingControl control = TrainingControl.start(cfg("train.max-minutes=10", "train.epochs=100"));
        assertFalse(control.afterEpoch(1.0, 200, 400, 50).stop(), "400 s + 200 s fits in 600 s");
        TrainingControl.Decision d = control.afterEpoch(0.9, 200, 401, 49);
        assertTrue(d.stop());
        assertTrue(d.reason().startsWith("time limit"), d.reason());
    }

    @Test
    void lastEpochStops() {
        assertTrue(TrainingControl.start(cfg("train.epochs=1")).afterEpoch(1.0, 1, 1, 0).stop());
    }

    @Test
    void inverseSqrtScheduleWarmsUpLinearlyThenDecays() throws Exception {
        WarmupInverseSqrtSchedule s = new WarmupInverseSqrtSchedule(0.001, 100);
        assertEquals(0.001 / 100, s.valueAt(0, 0), 1e-15);
        assertEquals(0.0005, s.valueAt(49, 0), 1e-15);
        assertEquals(0.001, s.valueAt(99, 0), 1e-15);
        assertEquals(0.0005, s.valueAt(399, 3), 1e-15);
        TrainConfig c = cfg("train.schedule.type=inverse-sqrt", "train.schedule.warmup-steps=100",
                "train.learning-rate=0.001");
        Adam adam = (Adam) c.updater();
        org.nd4j.shade.jackson.databind.ObjectMapper json = new org.nd4j.shade.jackson.databind.ObjectMapper();
        ISchedule back = json.readValue(json.writeValueAsString(adam.getLearningRateSchedule()), ISchedule.class);
        assertEquals(s, back);
    }
}
