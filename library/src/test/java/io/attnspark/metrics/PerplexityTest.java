package io.attnspark.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PerplexityTest {
    @Test
    void isTheExponentialOfTheMeanNegativeLogLikelihood() {
        assertEquals(1.0, Perplexity.of(0.0, 10), 0.0);
        assertEquals(4.0, Perplexity.of(10 * Math.log(4), 10), 1e-12);
        assertEquals(50_000.0, Perplexity.of(3 * Math.log(50_000), 3), 1e-6); // uniform over 50k words
    }

    @Test
    void refusesBadInputWithOneLine() {
        assertEquals("perplexity needs at least one token, got 0", assertThrows(IllegalArgumentException.class, () -> Perplexity.of(1.0, 0)).getMessage());
        assertEquals("perplexity needs a finite negative log-likelihood >= 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> Perplexity.of(Double.NaN, 3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(-1.0, 3));
    }
}
