package io.attnspark.decode;

import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnImpl;

/** {@link BeamSearchTest} on DL4J's LSTM layers (model.rnn-impl = dl4j). */
class Dl4jLstmBeamSearchTest extends BeamSearchTest {
    @Override
    RnnAttentionConfig modelConfig() {
        return super.modelConfig().withRnnImpl(RnnImpl.DL4J);
    }
}
