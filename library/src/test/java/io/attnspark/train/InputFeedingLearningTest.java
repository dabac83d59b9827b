package io.attnspark.train;

import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model with input feeding learns: a few hundred Adam steps on the {@link ReversalTask} cut the held-out loss
 * clearly, and the step decoder then reverses held-out sequences.
 */
class InputFeedingLearningTest {

    @Test
    void learnsToReverseSequences() {
        RnnAttentionConfig model = new RnnAttentionConfig(16, 1, 16, true, 1, 32, AttentionScore.GENERAL, 32, 0.0)
                .withInputFeeding(true);
        ReversalTask.Result r = ReversalTask.train(model, 10, "input feeding");
        assertTrue(r.steps() >= 300, "fewer steps than meant");
        assertTrue(r.after() < 0.05 * r.before(), "held-out loss " + r.before() + " -> " + r.after());
        assertTrue(r.exact() >= 0.8, "held-out greedy exact match " + r.exact());
    }
}
