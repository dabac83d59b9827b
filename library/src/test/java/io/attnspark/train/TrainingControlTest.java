package io.attnspark.train;

import io.attnspark.config.AttnsparkConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(2.0, control.best());
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
