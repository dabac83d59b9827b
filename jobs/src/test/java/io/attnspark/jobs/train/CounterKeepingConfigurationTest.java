package io.attnspark.jobs.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CounterKeepingConfigurationTest {

    @Test
    void cloneKeepsIterationAndEpochCountersAndWrapKeepsTheModel() {
        ComputationGraph model = ParameterAveragingEquivalenceTest.graph(new Adam(0.01));
        Random random = new Random(1);
        model.fit(ParameterAveragingEquivalenceTest.batch(random));
        model.fit(ParameterAveragingEquivalenceTest.batch(random));
        model.getConfiguration().setEpochCount(3);

        ComputationGraph wrapped = CounterKeepingConfiguration.wrap(model);
        assertEquals(2, wrapped.getConfiguration().clone().getIterationCount());
        assertEquals(3, wrapped.getConfiguration().clone().getEpochCount());
        assertEquals(model.params(), wrapped.params());
        assertEquals(model.getUpdater().getStateViewArray(), wrapped.getUpdater().getStateViewArray());
        assertSame(wrapped, CounterKeepingConfiguration.wrap(wrapped));
    }
}
