package io.attnspark.decode;

import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.testing.Fixtures;

/**
 * {@link BeamSearchTest} on a model with input feeding (two fused LSTM decoder layers): batched beam search equals
 * each sentence alone (the state's attentional vectors are reordered with the beams), beam 1 equals greedy, and the
 * forced scores of the graph equal the step decoder's.
 */
class InputFeedingBeamSearchTest extends BeamSearchTest {
    @Override
    RnnAttentionConfig modelConfig() {
        return Fixtures.tinyModel(AttentionScore.GENERAL, true, 2).withInputFeeding(true);
    }
}
