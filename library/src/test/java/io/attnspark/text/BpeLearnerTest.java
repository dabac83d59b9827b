package io.attnspark.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpeLearnerTest {
    @Test
    void learnsThePaperExampleAsSubwordNmt() {
        BpeCodes codes = BpeLearner.learn(Resources.counts("bpe/paper.counts"), 10);
        assertEquals(codeLines("bpe/paper.codes"), codes.codes());
    }

    @Test
    void learnsAMixedScriptVocabularyAsSubwordNmt() {
        BpeCodes codes = BpeLearner.learn(Resources.counts("bpe/mixed.counts"), 60);
        assertEquals(codeLines("bpe/mixed.codes"), codes.codes());
    }

    @Test
    void stopsWhenNoPairOccursTwice() {
        Map<String, Long> counts = Map.of("ab", 1L, "cd", 1L, "xyz", 1L);
        assertEquals(0, BpeLearner.learn(counts, 100).size());
        assertEquals(List.of("a b</w>"), BpeLearner.learn(Map.of("ab", 2L, "cd", 1L), 100).codes());
        assertEquals(0, BpeLearner.learn(Resources.counts("bpe/paper.counts"), 0).size());
    }

    @Test
    void isDeterministicWhateverTheMapOrder() {
        Random random = new Random(3);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            counts.put(RandomWords.word(random), 1L + random.nextInt(20));
        }
        List<String> keys = new ArrayList<>(counts.keySet());
        Collections.shuffle(keys, new Random(9));
        Map<String, Long> shuffled = new HashMap<>();
        keys.forEach(k -> shuffled.put(k, counts.get(k)));
        BpeCodes first = BpeLearner.learn(counts, 300);
        assertEquals(first, BpeLearner.learn(shuffled, 300));
        assertTrue(first.size() > 100, "learned only " + first.size());
    }

    @Test
    void stripsJoinersAndIgnoresSpecialTokens() {
        Map<String, Long> annotated = Map.of("low", 3L, "￭low", 2L, "lower￭", 2L, "￭newest￭", 6L, "widest", 3L, "<unk>", 50L, "￭", 4L);
        assertEquals(BpeLearner.learn(Resources.counts("bpe/paper.counts"), 10), BpeLearner.learn(annotated, 10));
    }

    @Test
    void badInputIsOneClearLine() {
        assertEquals("BPE word counts must be positive, got 'a' -> 0",
                assertThrows(IllegalArgumentException.class, () -> BpeLearner.learn(Map.of("a", 0L), 5)).getMessage());
        assertEquals("BPE merges=-1 must be at least 0",
                assertThrows(IllegalArgumentException.class, () -> BpeLearner.learn(Map.of("a", 1L), -1)).getMessage());
        assertEquals("BPE word 'a b' contains whitespace",
                assertThrows(IllegalArgumentException.class, () -> BpeLearner.learn(Map.of("a b", 1L), 5)).getMessage());
    }

    @Test
    void comparesSymbolsByCodePointAsPythonDoes() {
        assertTrue(BpeLearner.compareCodePoints("\uffff", "\ud83d\ude00") < 0); // U+FFFF < U+1F600, unlike UTF-16 order
        assertTrue(BpeLearner.compareCodePoints("ab", "abc") < 0);
        assertEquals(0, BpeLearner.compareCodePoints("ab", "ab"));
    }

    static List<String> codeLines(String resource) {
        List<String> lines = Resources.lines(resource);
        assertEquals(BpeCodes.HEADER, lines.get(0));
        return lines.subList(1, lines.size());
    }
}
