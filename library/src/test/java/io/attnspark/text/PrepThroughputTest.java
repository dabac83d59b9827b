package io.attnspark.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrepThroughputTest {
    private static final TextConfig SEPARATE = new TextConfig("NFKC", false, "word", false, 1, 50000, 60);

    @TempDir
    Path dir;

    @Test
    void tinyCorpusGivesAPositiveRateAndThePiecesOfTextPipeline() {
        ParallelCorpus corpus = SyntheticCorpus.generate(50, 7);
        PrepThroughput bench = PrepThroughput.prepare(corpus, SEPARATE);
        long expected = 0;
        for (int i = 0; i < corpus.size(); i++) {
            expected += bench.sourcePipeline().pieces(corpus.source().get(i)).size();
            expected += bench.targetPipeline().pieces(corpus.target().get(i)).size();
        }
        PrepThroughput.Result r = bench.measure(0, 1);
        assertEquals(50, r.pairs());
        assertEquals(expected, r.pieces());
        assertEquals(60, r.sourceMerges());
        assertEquals(60, r.targetMerges());
        assertTrue(r.coldPairsPerCore() > 0 && r.warmPairsPerCore() > 0 && r.coldPairsPerWall() > 0, r.toString());
    }

    @Test
    void jointVocabularyUsesOnePipelineForBothSides() {
        TextConfig joint = new TextConfig("NFKC", false, "bpe", true, 1, 50000, 40);
        PrepThroughput bench = PrepThroughput.prepare(SyntheticCorpus.generate(30, 1), joint);
        assertSame(bench.sourcePipeline(), bench.targetPipeline());
        assertEquals(40, bench.measure(1, 2).sourceMerges());
    }

    @Test
    void roundsMustBeCounted() {
        PrepThroughput bench = PrepThroughput.prepare(SyntheticCorpus.generate(5, 1), SEPARATE);
        assertThrows(IllegalArgumentException.class, () -> bench.measure(0, 0));
        assertThrows(IllegalArgumentException.class, () -> bench.measure(-1, 1));
    }

    @Test
    void syntheticCorpusIsDeterministicCaptionShaped() {
        ParallelCorpus a = SyntheticCorpus.generate(200, 42);
        assertEquals(a, SyntheticCorpus.generate(200, 42));
        assertNotEquals(a.source(), SyntheticCorpus.generate(200, 43).source());
        for (List<String> side : List.of(a.source(), a.target())) {
            for (String line : side) {
                int words = line.split(" ").length;
                assertTrue(words >= 8 && words <= 17, line);
                assertTrue(Character.isUpperCase(line.charAt(0)) || Character.isDigit(line.charAt(0)), line);
                assertTrue(line.endsWith(".") || line.endsWith(" !"), line);
            }
        }
        assertTrue(a.source().stream().anyMatch(l -> l.matches(".*[äöüß].*")), "German-like side has umlauts");
    }

    @Test
    void readsPlainAndGzippedLineAlignedFiles() throws IOException {
        Path source = dir.resolve("s.de.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(source))) {
            out.write("Ein Hund läuft.\nZwei Männer.\n".getBytes(StandardCharsets.UTF_8));
        }
        Path target = Files.writeString(dir.resolve("t.en"), "A dog runs.\nTwo men.\n");
        ParallelCorpus corpus = ParallelCorpus.read(source, target);
        assertEquals(List.of("Ein Hund läuft.", "Zwei Männer."), corpus.source());
        assertEquals(List.of("A dog runs.", "Two men."), corpus.target());
        Path shorter = Files.writeString(dir.resolve("short.en"), "A dog runs.\n");
        assertEquals(source + " has 2 lines but " + shorter + " has 1",
                assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.read(source, shorter)).getMessage());
    }
}
