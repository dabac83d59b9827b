package io.attnspark.jobs.sweep;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HalvingTest {

    @Test
    void rungsGrowByTheReductionFactorUpToTheEpochs() {
        assertEquals(List.of(1, 2, 4, 8), new Halving(1, 2, 8).rungs());
        assertEquals(List.of(1, 3, 5), new Halving(1, 3, 5).rungs());
        assertEquals(List.of(2, 6), new Halving(2, 3, 6).rungs());
        assertEquals(List.of(3), new Halving(5, 2, 3).rungs(), "min-epochs above train.epochs: one rung");
        assertEquals(List.of(7), Halving.off(7).rungs());
    }

    @Test
    void promotesTheTopOneOverEtaOfTheFinishedTrials() {
        Halving h = new Halving(1, 3, 9);
        Map<Integer, Double> bleu = new LinkedHashMap<>();
        double[] scores = {10, 50, 30, Double.NaN, 70, 20, 60, 40};
        for (int i = 0; i < scores.length; i++) {
            bleu.put(i + 1, scores[i]);
        }
        // 7 finished (trial 4 failed): floor(7 / 3) = 2 promoted, best first
        assertEquals(List.of(5, 7), h.promotable(bleu, Set.of(), true));
        assertEquals(List.of(7), h.promotable(bleu, Set.of(5), true), "ASHA: one already promoted is not promoted again");
        // a loss: lower is better
        assertEquals(List.of(1, 6), h.promotable(bleu, Set.of(), false));
    }

    @Test
    void promotesAtLeastOneAndBreaksTiesByTrialId() {
        Halving h = new Halving(1, 4, 4);
        assertEquals(List.of(2), h.promotable(Map.of(2, 5.0, 3, 1.0), Set.of(), true), "floor(2/4) = 0, but one goes on");
        assertEquals(List.of(), h.promotable(Map.of(2, Double.NaN), Set.of(), true), "none finished, none promoted");
        Map<Integer, Double> tie = new LinkedHashMap<>();
        tie.put(9, 1.0);
        tie.put(4, 1.0);
        tie.put(6, 1.0);
        tie.put(1, 0.5);
        assertEquals(List.of(4, 6), new Halving(1, 2, 4).promotable(tie, Set.of(), true));
    }

    @Test
    void plannedEpochsCountEveryPromotion() {
        // 8 trials: 8 x 1 epoch, 4 x 1 more, 2 x 2 more
        assertEquals(16, new Halving(1, 2, 4).plannedEpochs(8));
        assertEquals(24, Halving.off(3).plannedEpochs(8));
    }
}
