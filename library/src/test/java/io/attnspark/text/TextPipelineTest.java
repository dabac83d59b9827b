package io.attnspark.text;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextPipelineTest {
    private static final List<String> CORPUS = List.of(
            "A dog runs over the grass.", "Two dogs are running, and a man is jumping!", "The man's dog (3.5 years old) jumps.",
            "A woman in a T-Shirt runs; the dogs run too.", "Ein Mädchen spielt am Strand.");

    private static Map<String, Long> counts(TextNormalizer normalizer, Tokenizer tokenizer, BpeCodes bpe) {
        Map<String, Long> counts = new HashMap<>();
        for (String line : CORPUS) {
            List<String> tokens = tokenizer.tokenize(normalizer.normalize(line));
            for (String piece : bpe == null ? tokens : bpe.apply(tokens)) {
                counts.merge(piece, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static TextPipeline wordPipeline() {
        TextNormalizer normalizer = new TextNormalizer("NFKC", false);
        Tokenizer tokenizer = new Tokenizer();
        return new TextPipeline(normalizer, tokenizer, null, Vocabulary.fromCounts(counts(normalizer, tokenizer, null), 1, 1000));
    }

    private static TextPipeline bpePipeline() {
        TextNormalizer normalizer = new TextNormalizer("NFC", true);
        Tokenizer tokenizer = new Tokenizer();
        BpeCodes bpe = BpeLearner.learn(counts(normalizer, tokenizer, null), 40);
        return new TextPipeline(normalizer, tokenizer, bpe, Vocabulary.fromCounts(counts(normalizer, tokenizer, bpe), 1, 1000));
    }

    @Test
    void wordPipelineRoundTripsTrainingText() {
        TextPipeline p = wordPipeline();
        for (String line : CORPUS) {
            int[] ids = p.encode(line);
            assertTrue(Arrays.stream(ids).noneMatch(id -> id == Vocabulary.UNK_ID), line);
            assertEquals(line, p.decode(ids));
        }
        assertEquals(List.of("The", "man's", "dog", "(￭", "3.5", "years", "old", "￭)", "jumps", "￭."), p.pieces("  The man's dog (3.5 years\told) jumps.  "));
    }

    @Test
    void bpePipelineRoundTripsUnseenWordsOfSeenCharacters() {
        TextPipeline p = bpePipeline();
        String line = "a runner jumped over two women.";
        List<String> pieces = p.pieces(line.toUpperCase(Locale.ROOT));
        assertTrue(pieces.stream().anyMatch(x -> x.endsWith("@@")), pieces.toString());
        int[] ids = p.encode(line);
        assertTrue(Arrays.stream(ids).noneMatch(id -> id == Vocabulary.UNK_ID), pieces.toString());
        assertEquals(line, p.decode(ids));
    }

    @Test
    void decodeDropsSpecialsStopsAtEosAndKeepsUnknowns() {
        TextPipeline p = wordPipeline();
        Vocabulary v = p.vocabulary();
        int[] ids = {Vocabulary.BOS_ID, v.id("A"), v.id("dog"), Vocabulary.UNK_ID, v.id("￭."), Vocabulary.EOS_ID, v.id("man"), Vocabulary.PAD_ID};
        assertEquals("A dog <unk>.", p.decode(ids));
        assertArrayEquals(new int[] {v.id("A"), Vocabulary.UNK_ID, v.id("￭.")}, p.encode("A zebra."));
    }

    @Test
    void survivesJavaSerializationWithSameOutputs() {
        TextPipeline p = bpePipeline();
        TextPipeline back = Resources.roundTrip(p);
        assertEquals(p, back);
        for (String line : CORPUS) {
            assertArrayEquals(p.encode(line), back.encode(line));
        }
        assertTrue(back.bpe().isPresent());
        assertTrue(Resources.roundTrip(wordPipeline()).bpe().isEmpty());
    }
}
