package io.attnspark.jobs.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioTableTest {
    @Test
    void ratiosAreOursOverPytorchWithTheIssueGoals() {
        RatioTable t = new RatioTable(
                List.of(new BenchLine("transformer", "train", 700), new BenchLine("transformer", "decode", 516),
                        new BenchLine("rnn", "train", 703), new BenchLine("rnn", "decode", 1000)),
                List.of(new BenchLine("rnn", "decode", 1250), new BenchLine("transformer", "train", 560),
                        new BenchLine("transformer", "decode", 258)));
        List<RatioTable.Row> rows = t.rows();
        assertEquals(4, rows.size());
        assertEquals(1.25, rows.get(0).ratio(), 1e-12);
        assertTrue(rows.get(0).met());
        assertEquals(2.0, rows.get(1).ratio(), 1e-12);
        assertEquals(3.0, rows.get(1).goal());
        assertFalse(rows.get(1).met());
        assertTrue(Double.isNaN(rows.get(2).ratio()), "no reference line for rnn train");
        assertEquals(0.8, rows.get(3).ratio(), 1e-12);
        assertEquals(1.5, rows.get(3).goal());
        assertEquals("transformer train ours=700.0 pytorch=560.0 ratio=1.25 (goal >= 1.2: met)", rows.get(0).format());
        assertEquals("rnn train ours=703.0 pytorch=- ratio=-", rows.get(2).format());
        assertTrue(t.markdown().contains("| transformer | decode | 516.0 | 258.0 | 2.00 | >= 3 (not met) |"), t.markdown());
    }

    @Test
    void linesParseAsTheReferencePrintsThem() {
        assertEquals(new BenchLine("rnn", "train", 703.5), BenchLine.parse("rnn train 703.5"));
        assertEquals("rnn train 703.5", BenchLine.parse("  rnn   train 703.5 ").format());
        assertNull(BenchLine.parse("Traceback (most recent call last):"));
        assertNull(BenchLine.parse("rnn train fast"));
        assertNull(BenchLine.parse("rnn train NaN"));
        assertNull(BenchLine.parse("rnn train -3"));
    }
}
