package io.attnspark.decode;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class StepTest {

    @Test
    void logitsAreNormalisedOnFirstUseAndBestTokensAgreeBeforeAndAfter() {
        Nd4j.getRandom().setSeed(11);
        INDArray logits = Nd4j.randn(DataType.FLOAT, 4, 50).muli(3.0);
        logits.putScalar(2, 17, 100.0);            // a clear winner
        logits.putScalar(3, 5, 40.0);
        logits.putScalar(3, 9, 40.0);              // a tie: the lower id
        INDArray expected = LogSoftmaxRows.inPlace(logits.dup());
        StepDecoder.Step step = StepDecoder.Step.ofLogits(logits, Nd4j.zeros(DataType.FLOAT, 4, 3));

        int[] before = step.bestTokens();
        assertEquals(17, before[2]);
        assertEquals(5, before[3]);
        INDArray logProbs = step.logProbs();
        assertSame(logProbs, step.logProbs(), "normalised once");
        assertEquals(0.0, expected.sub(logProbs).amaxNumber().doubleValue(), 1e-6);
        assertArrayEquals(before, step.bestTokens());
        assertArrayEquals(expected.argMax(1).toIntVector(), before);
    }

    @Test
    void aStepBuiltFromLogProbabilitiesKeepsThem() {
        INDArray logProbs = LogSoftmaxRows.inPlace(Nd4j.createFromArray(new float[][] {{1f, 3f, 2f}, {0f, -1f, 4f}}));
        INDArray attention = Nd4j.ones(DataType.FLOAT, 2, 5);
        StepDecoder.Step step = new StepDecoder.Step(logProbs, attention);
        assertSame(logProbs, step.logProbs());
        assertSame(attention, step.attention());
        assertArrayEquals(new int[] {1, 2}, step.bestTokens());
    }
}
