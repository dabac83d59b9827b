package io.attnspark.text;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {
    private static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("dog", 5L);
        counts.put("the", 9L);
        counts.put("cat", 5L);
        counts.put("a", 9L);
        counts.put("￭.", 7L);
        counts.put("rare", 1L);
        counts.put("<unk>", 100L);
        return counts;
    }

    @Test
    void ordersByCountDescendingThenTokenAfterTheSpecials() {
        Vocabulary v = Vocabulary.fromCounts(counts(), 1, 100);
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a", "the", "￭.", "cat", "dog", "rare"), v.tokens());
        assertEquals(0, v.id(Vocabulary.PAD));
        assertEquals(1, v.id(Vocabulary.UNK));
        assertEquals(2, v.id(Vocabulary.BOS));
        assertEquals(3, v.id(Vocabulary.EOS));
    }

    @Test
    void orderDoesNotDependOnMapIterationOrder() {
        Map<String, Long> shuffled = new HashMap<>();
        List.of("rare", "￭.", "dog", "cat", "the", "a").forEach(t -> shuffled.put(t, counts().get(t)));
        assertEquals(Vocabulary.fromCounts(counts(), 1, 100), Vocabulary.fromCounts(shuffled, 1, 100));
    }

    @Test
    void minCountAndMaxSizeCutOff() {
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a", "the", "￭.", "cat", "dog"),
                Vocabulary.fromCounts(counts(), 2, 100).tokens());
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a", "the", "￭."), Vocabulary.fromCounts(counts(), 1, 7).tokens());
        assertEquals(4, Vocabulary.fromCounts(counts(), 1, 4).size());
        assertEquals("vocabulary max-size=3 must be at least 4 (the special tokens)",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromCounts(counts(), 1, 3)).getMessage());
        assertEquals("vocabulary min-count=0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromCounts(counts(), 0, 10)).getMessage());
    }

    @Test
    void ofKeepsTheGivenOrderAndRefusesSpecialsAndDuplicates() {
        Vocabulary v = Vocabulary.of(List.of("b", "a"));
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "b", "a"), v.tokens());
        assertEquals("vocabulary token list has '<s>' twice (special tokens are added automatically)",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("x", "<s>"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("x", "x")));
        assertEquals("vocabulary: token 'a b' contains whitespace U+0020",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a b"))).getMessage());
    }

    @Test
    void encodesUnknownsAsUnkAndDecodesUntilEos() {
        Vocabulary v = Vocabulary.of(List.of("the", "cat"));
        assertArrayEquals(new int[] {4, 1, 5}, v.encode(List.of("the", "dog", "cat")));
        assertEquals(List.of("the", "<unk>", "cat"), v.decode(new int[] {2, 4, 1, 0, 5, 3, 4, 4}));
        assertEquals(List.of(), v.decode(new int[] {3, 4}));
        assertFalse(v.contains("dog"));
        assertTrue(v.contains("cat"));
        assertEquals("token id 6 is outside the vocabulary [0, 6)",
                assertThrows(IllegalArgumentException.class, () -> v.decode(new int[] {6})).getMessage());
    }

    @Test
    void writeReadRoundTripAndStableHash() throws IOException {
        Vocabulary v = Vocabulary.fromCounts(counts(), 1, 100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        v.write(out);
        assertEquals("<pad>\n<unk>\n<s>\n</s>\na\nthe\n￭.\ncat\ndog\nrare\n", out.toString(StandardCharsets.UTF_8));
        Vocabulary back = Vocabulary.read(Resources.stream(out.toString(StandardCharsets.UTF_8)), "vocab.txt");
        assertEquals(v, back);
        assertEquals(v.sha256(), back.sha256());
        // sha256sum of the text above; changes only if the file form changes
        assertEquals("77641fe03b7917602e4ed55e925a43253ae0dbae1ae79f38fd922904addb33d7", v.sha256());
        assertFalse(v.sha256().equals(Vocabulary.of(List.of("a")).sha256()));
    }

    @Test
    void readAcceptsAMissingFinalNewline() throws IOException {
        assertEquals(Vocabulary.of(List.of("x")), Vocabulary.read(Resources.stream("<pad>\n<unk>\n<s>\n</s>\nx"), "v"));
    }

    @Test
    void malformedFilesGiveOneLineNamingSourceAndLine() {
        assertReadError("<pad>\n<unk>\n</s>\n<s>\n", "v.txt:3: expected special token <s>, got '</s>'");
        assertReadError("<pad>\n<unk>\n<s>\n</s>\na\nb\na\n", "v.txt:7: duplicate token 'a' (first on line 5)");
        assertReadError("<pad>\n<unk>\n<s>\n</s>\na\n\nb\n", "v.txt:6: empty token");
        assertReadError("<pad>\n<unk>\n<s>\n</s>\na b\n", "v.txt:5: token 'a b' contains whitespace U+0020");
        assertReadError("<pad>\n<unk>\n<s>\n</s>\nwin\r\n", "v.txt:5: carriage return in line; expected \\n line endings");
        assertReadError("<pad>\n<unk>\n", "v.txt: has 2 lines, expected at least the 4 special tokens <pad> <unk> <s> </s>");
        byte[] bad = "<pad>\n<unk>\n<s>\n</s>\nok\nb\u00e4d\n".getBytes(StandardCharsets.ISO_8859_1);
        TextFormatException e = assertThrows(TextFormatException.class,
                () -> Vocabulary.read(new java.io.ByteArrayInputStream(bad), "v.txt"));
        assertTrue(e.getMessage().startsWith("v.txt:6: not valid UTF-8"), e.getMessage());
        assertEquals(6, e.line());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void survivesJavaSerialization() {
        Vocabulary v = Vocabulary.fromCounts(counts(), 1, 100);
        Vocabulary back = Resources.roundTrip(v);
        assertEquals(v, back);
        assertEquals(v.id("cat"), back.id("cat"));
    }

    private static void assertReadError(String text, String message) {
        TextFormatException e = assertThrows(TextFormatException.class, () -> Vocabulary.read(Resources.stream(text), "v.txt"));
        assertEquals(message, e.getMessage());
    }
}
