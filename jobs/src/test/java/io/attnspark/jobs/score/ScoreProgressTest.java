package io.attnspark.jobs.score;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rate in the progress lines: slow runs are not printed as 0 records/s. */
class ScoreProgressTest {
    @Test
    void slowRatesKeepTwoDecimalsAndFastOnesAreWholeNumbers() {
        assertEquals("0.42", ScoreProgress.rate(0.42));
        assertEquals("9.99", ScoreProgress.rate(9.99));
        assertEquals("10", ScoreProgress.rate(10.4));
        assertEquals("12,346", ScoreProgress.rate(12345.6));
        assertEquals("0.00", ScoreProgress.rate(0.0));
    }
}
