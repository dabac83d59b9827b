package io.attnspark.train;

import io.attnspark.nn.AttentionMode;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model with hard attention learns: Adam steps on the {@link ReversalTask} cut the held-out loss (validation: the
 * most attended position) a lot, and greedy decoding then reverses most held-out sequences.
 */
class HardAttentionLearningTest {

    @Test
    void learnsToReverseSequences() {
        RnnAttentionConfig model = new RnnAttentionConfig(16, 1, 16, true, 1, 32, AttentionScore.GENERAL, 32, 0.0)
                .withAttentionMode(new AttentionMode(true, 1.0, 0.01, 0.5));
        ReversalTask.Result r = ReversalTask.train(model, Integer.getInteger("hard.epochs", 10), "hard attention");
        assertTrue(r.steps() >= 300, "fewer steps than meant");
        assertTrue(r.after() < 0.1 * r.before(), "held-out loss " + r.before() + " -> " + r.after());
        assertTrue(r.exact() >= 0.6, "held-out greedy exact match " + r.exact());
    }
}
