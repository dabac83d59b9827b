package io.attnspark.bench;

import io.attnspark.nn.transformer.TransformerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark on a tiny shape: it trains, decodes the full length, and reports positive medians. */
class TransformerBenchTest {
    @Test
    void measuresTrainingAndDecodingOnATinyShape() {
        TransformerBench.Shape shape = new TransformerBench.Shape(30, 40,
                new TransformerConfig(16, 2, 32, 1, 1, false, 16, true, false, 0.1, 0.0, 0), 4, 6);
        TransformerBench.Result r = TransformerBench.run(shape, 1, 3, 7);
        assertEquals(3, r.trainSamples().length);
        assertTrue(r.trainTokensPerSecond() > 0 && r.decodeTokensPerSecond() > 0, r.line());
        assertEquals(TransformerBench.median(new double[] {3, 1, 2}), 2.0);
        assertTrue(r.line().startsWith("transformer bench: train "), r.line());
    }
}
