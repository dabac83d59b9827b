package io.attnspark.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BLEU-1..4 against several references, the brevity penalty and the length ratio, on hand-counted cases. */
class MultiOrderBleuTest {
    @Test
    void aShortCaptionIsPenalisedAgainstItsClosestReference() {
        // 2 words against references of 6 and 3 words: the closest is 3, BP = exp(1 - 3/2)
        BleuStats s = MultiOrderBleu.stats(List.of("a cat"), List.of(List.of("a cat sat on the mat", "a black cat")));
        assertEquals(2, s.hypLength());
        assertEquals(3, s.refLength());
        assertEquals(Math.exp(1 - 3.0 / 2), MultiOrderBleu.brevityPenalty(s), 1e-12);
        assertEquals(2.0 / 3, MultiOrderBleu.lengthRatio(s), 1e-12);
        double[] bleu = MultiOrderBleu.scores(s);
        // unigrams 2/2 and the bigram 1/1 match: BLEU-1 and BLEU-2 are the penalty alone
        assertEquals(100 * Math.exp(-0.5), bleu[0], 1e-9);
        assertEquals(100 * Math.exp(-0.5), bleu[1], 1e-9);
    }

    @Test
    void aCaptionAsLongAsAReferenceHasNoPenalty() {
        // 3 words; references of 6 and 2 words: the closest is 2, so the ratio is 1.5 and the penalty 1
        BleuStats s = MultiOrderBleu.stats(List.of("a cat sat", "the dog"),
                List.of(List.of("a cat sat on the mat", "the cat"), List.of("the dog runs")));
        assertEquals(5, s.hypLength());
        assertEquals(2 + 3, s.refLength());
        assertEquals(1.0, MultiOrderBleu.brevityPenalty(s), 0.0);
        assertEquals(1.0, MultiOrderBleu.lengthRatio(s), 1e-12);
        double[] bleu = MultiOrderBleu.scores(s);
        assertEquals(100.0, bleu[0], 1e-9, "every word appears in a reference");
        assertEquals(100.0, bleu[1], 1e-9, "'a cat', 'cat sat' and 'the dog' all appear in references");
    }

    @Test
    void countsMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> MultiOrderBleu.stats(List.of("a"), List.of()));
    }
}
