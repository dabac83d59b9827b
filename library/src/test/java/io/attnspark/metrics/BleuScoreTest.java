package io.attnspark.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Golden values from sacreBLEU 2.6.0 (see {@link Fixtures}). */
class BleuScoreTest {
    static List<Fixtures.Case> cases() {
        return Fixtures.CASES;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void corpusBleuMatchesSacreBleu(Fixtures.Case c) {
        BleuResult r = BleuScore.corpus(c.hypotheses(), c.references());
        assertEquals(c.bleu().get("score").asDouble(), r.score(), 1e-6);
        for (int n = 0; n < 4; n++) {
            assertEquals(c.bleu().get("precisions").get(n).asDouble(), r.precisions()[n], 1e-6, "precision " + (n + 1));
        }
        assertEquals(c.bleu().get("bp").asDouble(), r.brevityPenalty(), 1e-9);
        assertEquals(c.bleu().get("ratio").asDouble(), r.ratio(), 1e-9);
        assertEquals(c.bleu().get("hyp_len").asLong(), r.hypLength());
        assertEquals(c.bleu().get("ref_len").asLong(), r.refLength());
        assertEquals(c.bleu().get("format").asText(), r.format());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sentenceBleuMatchesSacreBleu(Fixtures.Case c) {
        for (int i = 0; i < c.hypotheses().size(); i++) {
            List<String> refs = c.referencesOf(i);
            assertEquals(c.sentences().get(i).get("bleu").asDouble(), BleuScore.sentence(c.hypotheses().get(i), refs).score(), 1e-6,
                    c.name() + " sentence " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mergedPartitionsEqualTheWholeCorpus(Fixtures.Case c) throws Exception {
        BleuStats left = new BleuStats();
        BleuStats right = new BleuStats();
        for (int i = 0; i < c.hypotheses().size(); i++) {
            (i % 2 == 0 ? left : right).add(c.hypotheses().get(i), c.referencesOf(i));
        }
        BleuStats merged = serialized(left).merge(serialized(right));
        assertEquals(BleuScore.corpus(c.hypotheses(), c.references()), merged.result());
    }

    @Test
    void perfectMatchIsOneHundredAndNoMatchIsZero() {
        assertEquals(100.0, BleuScore.corpus(List.of("a b c d e."), List.of(List.of("a b c d e."))).score(), 1e-9);
        assertEquals(0.0, BleuScore.corpus(List.of("x y z w"), List.of(List.of("a b c d"))).score(), 0.0);
    }

    @Test
    void formatsLikeSacreBleuWithHalfEvenRounding() {
        BleuResult r = new BleuResult(37.125, new double[] {70.05, 45.25, 31.0, 22.1}, 0.9875, 0.9875, 1234, 1250);
        assertEquals("BLEU = 37.12 70.0/45.2/31.0/22.1 (BP = 0.988 ratio = 0.988 hyp_len = 1234 ref_len = 1250)", r.format());
    }

    @Test
    void mismatchedStreamsAreOneClearLine() {
        List<String> hyps = List.of("a", "b");
        assertEquals("BLEU reference stream 1 has 1 sentences but there are 2 hypotheses",
                assertThrows(IllegalArgumentException.class, () -> BleuScore.corpus(hyps, List.of(List.of("a", "b"), List.of("a")))).getMessage());
        assertEquals("BLEU needs at least one reference stream, got none",
                assertThrows(IllegalArgumentException.class, () -> BleuScore.corpus(hyps, List.of())).getMessage());
        List<String> none = new ArrayList<>();
        none.add(null);
        assertEquals("BLEU needs at least one reference per sentence; none for hypothesis 'a'",
                assertThrows(IllegalArgumentException.class, () -> new BleuStats().add("a", none)).getMessage());
    }

    static <T> T serialized(T value) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
            @SuppressWarnings("unchecked")
            T back = (T) in.readObject();
            return back;
        }
    }
}
