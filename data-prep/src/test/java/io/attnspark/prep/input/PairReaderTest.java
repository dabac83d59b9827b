package io.attnspark.prep.input;

import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;
import io.attnspark.prep.TestFiles;
import io.attnspark.prep.TestSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairReaderTest {
    private static JavaSparkContext sc;
    private static final PairMaker IDENTITY = new PairMaker(s -> s, SplitAssigner.fixed(Split.TRAIN));
    @TempDir
    Path dir;

    @BeforeAll
    static void spark() {
        sc = TestSpark.context();
    }

    private static List<String> sources(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "source " + i + " " + "x".repeat(i % 7)).toList();
    }

    private static List<String> targets(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "target " + i + " " + "y".repeat((i * 5) % 23)).toList();
    }

    private LineFile open(Path p, int minPartitions, boolean tsv) {
        return LineFile.open(sc, new InputResolver(new Configuration()).file(p.toUri().toString()), minPartitions, tsv);
    }

    private static void assertAligned(List<Row> rows, int n) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(r -> r.getLong(1)));
        assertEquals(n, sorted.size());
        for (int i = 0; i < n; i++) {
            Row r = sorted.get(i);
            assertEquals(i + 1L, r.getLong(1));
            assertEquals(sources(n).get(i), r.getString(2));
            assertEquals(targets(n).get(i), r.getString(3));
        }
    }

    @Test
    void differentlySplitFilesAreAlignedByLineNumber() throws Exception {
        int n = 300;
        LineFile src = open(TestFiles.write(dir.resolve("c.de"), sources(n)), 3, false);
        LineFile tgt = open(TestFiles.write(dir.resolve("c.en"), targets(n)), 3, false);
        assertTrue(src.partitions() >= 3);
        assertFalse(src.sameLayout(tgt), "test needs the merge path");
        assertAligned(PairReader.parallel(src, tgt, IDENTITY, 2).collect(), n);
    }

    @Test
    void gzipFilesAreZippedDirectly() throws Exception {
        int n = 120;
        LineFile src = open(TestFiles.write(dir.resolve("c.de.gz"), sources(n)), 3, false);
        LineFile tgt = open(TestFiles.write(dir.resolve("c.en.gz"), targets(n)), 3, false);
        assertEquals(1, src.partitions());
        assertTrue(src.sameLayout(tgt));
        assertAligned(PairReader.parallel(src, tgt, IDENTITY, 2).collect(), n);
    }

    @Test
    void gzipBesidePlainTextIsMerged() throws Exception {
        int n = 200;
        LineFile src = open(TestFiles.write(dir.resolve("c.de.gz"), sources(n)), 2, false);
        LineFile tgt = open(TestFiles.write(dir.resolve("c.en"), targets(n)), 4, false);
        assertAligned(PairReader.parallel(src, tgt, IDENTITY, 2).collect(), n);
    }

    @Test
    void tsvLinesSplitAtTheTab() throws Exception {
        int n = 50;
        List<String> lines = IntStream.range(0, n).mapToObj(i -> sources(n).get(i) + "\t" + targets(n).get(i)).toList();
        LineFile tsv = open(TestFiles.write(dir.resolve("c.tsv"), lines), 2, true);
        assertAligned(PairReader.tsv(tsv, IDENTITY).collect(), n);
    }

    @Test
    void tsvLineWithoutExactlyTwoColumnsIsNamed() throws Exception {
        List<String> lines = new ArrayList<>(List.of("a\tb", "c\td", "e\tf\tg", "h"));
        Path p = TestFiles.write(dir.resolve("bad.tsv"), lines);
        PrepException e = assertThrows(PrepException.class, () -> open(p, 1, true));
        assertTrue(e.getMessage().endsWith("/bad.tsv: line 3 has 3 tab-separated columns, expected 2 (source<TAB>target)"),
                e.getMessage());
    }

    @Test
    void differentLineCountsNameBothFilesAndCounts() throws Exception {
        LineFile src = open(TestFiles.write(dir.resolve("c.de"), sources(10)), 1, false);
        LineFile tgt = open(TestFiles.write(dir.resolve("c.en"), targets(9)), 1, false);
        PrepException e = assertThrows(PrepException.class, () -> PairReader.parallel(src, tgt, IDENTITY, 2));
        assertTrue(e.getMessage().matches("line counts differ: \\S*/c\\.de has 10 lines, \\S*/c\\.en has 9 lines"), e.getMessage());
    }

    @Test
    void invalidUtf8IsReportedWithItsLineNumberInAnyPartition() throws Exception {
        List<String> lines = sources(400);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(i == 350 ? "BAD" : lines.get(i)).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("BAD");
        bytes[at] = (byte) 0xE9; // Latin-1 'é' alone is not UTF-8
        Path p = TestFiles.writeBytes(dir.resolve("latin1.de"), bytes);
        PrepException e = assertThrows(PrepException.class, () -> open(p, 4, false));
        assertTrue(e.getMessage().endsWith("latin1.de: line 351 is not valid UTF-8"), e.getMessage());
        PrepException gz = assertThrows(PrepException.class,
                () -> open(TestFiles.writeBytes(dir.resolve("latin1.de.gz"), bytes), 1, false));
        assertTrue(gz.getMessage().endsWith("latin1.de.gz: line 351 is not valid UTF-8"), gz.getMessage());
    }

    @Test
    void emptyAndMissingInputsAreRefused() throws Exception {
        InputResolver resolver = new InputResolver(new Configuration());
        Path empty = Files.createFile(dir.resolve("empty.de"));
        PrepException e = assertThrows(PrepException.class, () -> resolver.parallelSide(dir.resolve("empty").toString(), "de"));
        assertTrue(e.getMessage().matches("input \\S*empty\\.de is empty"), e.getMessage());
        Path emptyGz = TestFiles.write(dir.resolve("nolines.de.gz"), List.of());
        e = assertThrows(PrepException.class, () -> open(emptyGz, 1, false));
        assertTrue(e.getMessage().matches("input \\S*nolines\\.de\\.gz has no lines"), e.getMessage());
        e = assertThrows(PrepException.class, () -> resolver.parallelSide(dir.resolve("missing").toString(), "en"));
        assertEquals("input not found: neither " + dir.resolve("missing.en") + " nor " + dir.resolve("missing.en.gz") + " exists",
                e.getMessage());
        TestFiles.write(dir.resolve("both.en"), List.of("a"));
        TestFiles.write(dir.resolve("both.en.gz"), List.of("a"));
        e = assertThrows(PrepException.class, () -> resolver.parallelSide(dir.resolve("both").toString(), "en"));
        assertTrue(e.getMessage().startsWith("both "), e.getMessage());
        assertTrue(Files.exists(empty));
    }

    @Test
    void hashSplitIsDeterministicAndFollowsTheFractions() {
        SplitAssigner a = SplitAssigner.hashed(42, 0.1, 0.2);
        SplitAssigner b = SplitAssigner.hashed(42, 0.1, 0.2);
        SplitAssigner other = SplitAssigner.hashed(43, 0.1, 0.2);
        int[] counts = new int[3];
        int differ = 0;
        for (int i = 0; i < 20000; i++) {
            String s = "sentence " + i;
            int split = a.assign(s, "satz " + i);
            assertEquals(split, b.assign(s, "satz " + i));
            differ += split != other.assign(s, "satz " + i) ? 1 : 0;
            counts[split]++;
        }
        assertEquals(0.7, counts[0] / 20000.0, 0.02);
        assertEquals(0.1, counts[1] / 20000.0, 0.02);
        assertEquals(0.2, counts[2] / 20000.0, 0.02);
        assertTrue(differ > 1000, "the seed changes the split");
        assertEquals(Split.TEST.code(), SplitAssigner.fixed(Split.TEST).assign("a", "b"));
        // The split is a function of the pair alone: the same pair twice gets the same split.
        assertEquals(List.of(a.assign("x", "y")), List.of("x", "x").stream().map(s -> a.assign(s, "y")).distinct()
                .collect(Collectors.toList()));
    }
}
