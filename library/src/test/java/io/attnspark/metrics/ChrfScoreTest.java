package io.attnspark.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Golden values from sacreBLEU 2.6.0 (see {@link Fixtures}). */
class ChrfScoreTest {
    static List<Fixtures.Case> cases() {
        return Fixtures.CASES;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void corpusChrfMatchesSacreBleu(Fixtures.Case c) {
        ChrfResult r = ChrfScore.corpus(c.hypotheses(), c.references());
        assertEquals(c.chrf().get("score").asDouble(), r.score(), 1e-6);
        assertEquals(c.chrf().get("format").asText(), r.format());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sentenceChrfMatchesSacreBleu(Fixtures.Case c) {
        for (int i = 0; i < c.hypotheses().size(); i++) {
            assertEquals(c.sentences().get(i).get("chrf").asDouble(), ChrfScore.sentence(c.hypotheses().get(i), c.referencesOf(i)).score(),
                    1e-6, c.name() + " sentence " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mergedPartitionsEqualTheWholeCorpus(Fixtures.Case c) throws Exception {
        ChrfStats left = new ChrfStats();
        ChrfStats right = new ChrfStats();
        for (int i = 0; i < c.hypotheses().size(); i++) {
            (i % 3 == 0 ? left : right).add(c.hypotheses().get(i), c.referencesOf(i));
        }
        ChrfStats merged = BleuScoreTest.serialized(left).merge(BleuScoreTest.serialized(right));
        assertEquals(ChrfScore.corpus(c.hypotheses(), c.references()).score(), merged.result().score(), 0.0);
    }

    @Test
    void perfectMatchIsOneHundredAndWhitespaceIsIgnored() {
        assertEquals(100.0, ChrfScore.corpus(List.of("a dog runs"), List.of(List.of("a  dog\u00a0runs"))).score(), 1e-9);
        assertEquals(100.0, ChrfScore.corpus(List.of("adogruns"), List.of(List.of("a dog runs"))).score(), 1e-9);
        assertEquals("chrF2 = 100.00", ChrfScore.corpus(List.of("x"), List.of(List.of("x"))).format());
    }

    @Test
    void mismatchedStreamsAreOneClearLine() {
        assertEquals("chrF reference stream 0 has 1 sentences but there are 2 hypotheses",
                assertThrows(IllegalArgumentException.class, () -> ChrfScore.corpus(List.of("a", "b"), List.of(List.of("a")))).getMessage());
    }
}
