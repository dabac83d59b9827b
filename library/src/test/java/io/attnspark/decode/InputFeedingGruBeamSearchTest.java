package io.attnspark.decode;

import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnCell;
import io.attnspark.testing.Fixtures;

/** {@link BeamSearchTest} on a model with input feeding, GRU cells and additive attention. */
class InputFeedingGruBeamSearchTest extends BeamSearchTest {
    @Override
    RnnAttentionConfig modelConfig() {
        return Fixtures.tinyModel(AttentionScore.ADDITIVE, true, 1).withCells(RnnCell.GRU, RnnCell.GRU)
                .withInputFeeding(true);
    }
}
