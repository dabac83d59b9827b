package io.attnspark.decode;

import io.attnspark.nn.AttentionMode;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.testing.Fixtures;

/**
 * {@link BeamSearchTest} on a model with hard attention (the context at the most attended position): batched beam
 * search equals each sentence alone, beam 1 equals greedy, and the forced scores of the graph equal the step
 * decoder's.
 */
class HardAttentionBeamSearchTest extends BeamSearchTest {
    /**
     * Not a test here (no {@code @Test}, so JUnit does not run the inherited one): a wider beam may prune the greedy
     * path, so this is no property of beam search, and on this model sentence 2 scored -10.48 with beam 5 against
     * -8.64 greedy. The exactness tests of the base class are what hold, and they run.
     */
    @Override
    void widerBeamNeverScoresWorseThanGreedy() {
    }

    @Override
    RnnAttentionConfig modelConfig() {
        return Fixtures.tinyModel(AttentionScore.GENERAL, true, 1).withAttentionMode(AttentionMode.hard(1.0, 0.01, 0.5));
    }
}
