package io.attnspark.decode;

import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnCell;

/** {@link BeamSearchTest} on a GRU encoder and decoder. */
class GruBeamSearchTest extends BeamSearchTest {
    @Override
    RnnAttentionConfig modelConfig() {
        return super.modelConfig().withCells(RnnCell.GRU, RnnCell.GRU);
    }
}
