package io.attnspark.bench;

import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnCell;
import io.attnspark.nn.RnnImpl;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark on a tiny shape: every model runs, throughputs are positive and labelled in order. */
class RnnTrainBenchTest {
    @Test
    void interleavedComparisonReportsEveryModel() {
        BenchShape shape = new BenchShape(4, 5, 4, 20, 21, 3);
        RnnAttentionConfig model = new RnnAttentionConfig(6, 1, 5, true, 1, 7, AttentionScore.GENERAL, 6, 0.1);
        List<BenchComparison.Result> r = BenchComparison.run(List.of(
                RnnTrainBench.of("dl4j", model.withRnnImpl(RnnImpl.DL4J), shape, 1e-3, 1),
                RnnTrainBench.of("gru", model.withCells(RnnCell.GRU, RnnCell.GRU), shape, 1e-3, 1)), 1, 2);
        assertEquals(List.of("dl4j", "gru"), r.stream().map(BenchComparison.Result::label).toList());
        for (BenchComparison.Result x : r) {
            assertTrue(x.trainTokensPerSecond() > 0 && Double.isFinite(x.trainTokensPerSecond()), x.toString());
            assertTrue(x.decodeTokensPerSecond() > 0 && Double.isFinite(x.decodeTokensPerSecond()), x.toString());
        }
        assertEquals(4L * 5, shape.trainTokensPerStep());
        assertEquals(4L * 3, shape.decodeTokensPerStep());
    }

    @Test
    void medianAndShapeValidation() {
        assertEquals(2.0, RnnTrainBench.median(new double[] {3, 1, 2}));
        assertEquals(2.5, RnnTrainBench.median(new double[] {4, 1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> RnnTrainBench.median(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new BenchShape(0, 1, 1, 10, 10, 1));
    }
}
