package io.attnspark.text;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BpeCodesTest {
    private static BpeCodes mixed() throws IOException {
        return BpeCodes.read(new ByteArrayInputStream(Resources.bytes("bpe/mixed.codes")), "mixed.codes");
    }

    @Test
    void segmentsWordsAsSubwordNmt() throws IOException {
        List<String> words = Resources.lines("bpe/mixed.words");
        List<String> expected = Resources.lines("bpe/mixed.segmented");
        BpeCodes codes = mixed();
        for (int i = 0; i < words.size(); i++) {
            assertEquals(expected.get(i), String.join(" ", codes.apply(List.of(words.get(i)))), words.get(i));
        }
    }

    @Test
    void segmentsThePaperExample() throws IOException {
        // subword-nmt apply_bpe -c paper.codes on "low lower newest widest lowest"
        BpeCodes codes = BpeCodes.read(new ByteArrayInputStream(Resources.bytes("bpe/paper.codes")), "paper.codes");
        assertEquals(List.of("low", "lo@@", "w@@", "e@@", "r", "newest", "widest", "lo@@", "west"),
                codes.apply(List.of("low", "lower", "newest", "widest", "lowest")));
    }

    @Test
    void keepsJoinersOnTheirSideAndPassesSpecialsThrough() throws IOException {
        BpeCodes codes = mixed();
        assertEquals(List.of("￭low@@", "e@@", "r@@", "e@@", "d"), codes.apply(List.of("￭lowered")));
        assertEquals(List.of("low@@", "e@@", "r@@", "e@@", "d￭"), codes.apply(List.of("lowered￭")));
        assertEquals(List.of("￭new@@", "est￭"), codes.apply(List.of("￭newest￭")));
        assertEquals(List.of("￭the￭", "￭x", "x￭", "￭.", "<unk>", "</s>", "￭"), codes.apply(List.of("￭the￭", "￭x", "x￭", "￭.", "<unk>", "</s>", "￭")));
        assertEquals(List.of("a"), codes.apply(List.of("", "a")));
    }

    @Test
    void mergeUndoesApply() throws IOException {
        BpeCodes codes = mixed();
        Tokenizer tokenizer = new Tokenizer();
        TextNormalizer normalizer = new TextNormalizer("NFKC", false);
        Random random = new Random(8);
        for (int i = 0; i < 3000; i++) {
            List<String> tokens = tokenizer.tokenize(normalizer.normalize(RandomText.mixed(random, 1 + random.nextInt(20))));
            assertEquals(tokens, BpeCodes.merge(codes.apply(tokens)));
        }
        assertEquals(List.of("lowered", "x"), BpeCodes.merge(List.of("low@@", "ered", "x")));
        assertEquals(List.of("dangling"), BpeCodes.merge(List.of("dang@@", "ling@@")));
    }

    @Test
    void writeReadRoundTripAndHash() throws IOException {
        BpeCodes learned = BpeLearner.learn(Resources.counts("bpe/mixed.counts"), 60);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        learned.write(out);
        assertArrayEquals(Resources.bytes("bpe/mixed.codes"), out.toByteArray());
        BpeCodes back = BpeCodes.read(new ByteArrayInputStream(out.toByteArray()), "codes");
        assertEquals(learned, back);
        assertEquals(learned.sha256(), back.sha256());
        assertEquals(60, back.size());
        assertNotEquals(learned.sha256(), BpeLearner.learn(Resources.counts("bpe/mixed.counts"), 59).sha256());
    }

    @Test
    void malformedCodesGiveOneLineNamingSourceAndLine() {
        assertReadError("a b\n", "c.txt:1: expected the header '#version: 0.2', got 'a b'");
        assertReadError("", "c.txt:1: expected the header '#version: 0.2', got an empty file");
        assertReadError("#version: 0.2\na b\nab\n", "c.txt:3: expected two symbols separated by one space, got 'ab'");
        assertReadError("#version: 0.2\na  b\n", "c.txt:2: expected two symbols separated by one space, got 'a  b'");
        assertReadError("#version: 0.2\na b c\n", "c.txt:2: expected two symbols separated by one space, got 'a b c'");
    }

    @Test
    void aRepeatedMergeKeepsItsFirstRank() throws IOException {
        BpeCodes codes = BpeCodes.read(Resources.stream("#version: 0.2\nb c\na b\nb c\n"), "c");
        assertEquals(3, codes.size());
        assertEquals(List.of("a@@", "bc@@", "d"), codes.apply(List.of("abcd"))); // as subword-nmt; rank 2 would give ab@@ c@@ d
    }

    @Test
    void isThreadSafeAndSerializable() throws Exception {
        BpeCodes codes = mixed();
        List<String> words = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 2000; i++) {
            words.add(RandomWords.word(random));
        }
        List<List<String>> sequential = words.stream().map(w -> codes.apply(List.of(w))).collect(Collectors.toList());
        BpeCodes fresh = Resources.roundTrip(codes);
        assertEquals(codes, fresh);
        List<List<String>> parallel = IntStream.range(0, words.size()).parallel()
                .mapToObj(i -> fresh.apply(List.of(words.get(i)))).collect(Collectors.toList());
        assertEquals(sequential, parallel);
    }

    private static void assertReadError(String text, String message) {
        TextFormatException e = assertThrows(TextFormatException.class,
                () -> BpeCodes.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "c.txt"));
        assertEquals(message, e.getMessage());
    }
}
