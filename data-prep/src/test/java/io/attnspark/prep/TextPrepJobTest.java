package io.attnspark.prep;

import io.attnspark.prep.encode.PreparedSchema;
import io.attnspark.prep.output.FileDigest;
import io.attnspark.prep.output.PrepManifest;
import io.attnspark.prep.synthetic.DateCorpusGenerator;
import io.attnspark.text.TextPipeline;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextPrepJobTest {
    private static SparkSession spark;
    @TempDir
    Path dir;

    @BeforeAll
    static void spark() {
        spark = TestSpark.session();
    }

    private static PrepConfig config(String overrides) {
        return PrepConfigTest.with("data.shards = 2\n" + overrides);
    }

    private Path dates(int train, int valid, int test) throws Exception {
        Path d = dir.resolve("dates");
        DateCorpusGenerator.write(d, train, valid, test, 5);
        return d;
    }

    private static List<String> lines(Path p) throws Exception {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    private static void assertCountsAddUp(PrepManifest m) {
        for (Map.Entry<String, PrepManifest.SplitCounts> e : m.splits().entrySet()) {
            PrepManifest.SplitCounts c = e.getValue();
            long filtered = c.filtered().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(c.in(), c.out() + filtered, e.getKey() + ": in = out + filtered");
            assertEquals(List.of("duplicate", "empty", "too-long", "length-ratio"), List.copyOf(c.filtered().keySet()));
        }
    }

    /** Rows of one split sorted by id. */
    private static List<Row> rows(PreparedCorpus corpus, Split split) {
        List<Row> rows = new ArrayList<>(corpus.load(spark, split).collectAsList());
        rows.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex("id"))));
        return rows;
    }

    private static int[] ints(Row r, String column) {
        return r.<Integer>getList(r.fieldIndex(column)).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every row's ids are what the corpus' pipelines make of its text, and (train) decode back to it. */
    private static void assertIdsMatchText(PreparedCorpus corpus, Split split, boolean decodesExactly) {
        TextPipeline src = corpus.srcPipeline();
        TextPipeline tgt = corpus.tgtPipeline();
        for (Row r : rows(corpus, split)) {
            String s = r.getString(r.fieldIndex("src"));
            String t = r.getString(r.fieldIndex("tgt"));
            int[] srcIds = ints(r, "src_ids");
            int[] tgtIds = ints(r, "tgt_ids");
            assertArrayEquals(src.encode(s), srcIds, s);
            assertArrayEquals(tgt.encode(t), tgtIds, t);
            assertEquals(srcIds.length, r.getInt(r.fieldIndex("src_len")));
            assertEquals(tgtIds.length, r.getInt(r.fieldIndex("tgt_len")));
            assertEquals((Math.max(srcIds.length, tgtIds.length) - 1) / 4, r.getInt(r.fieldIndex("bucket")));
            if (decodesExactly) {
                assertEquals(s, src.decode(srcIds));
                assertEquals(t, tgt.decode(tgtIds));
            }
        }
    }

    @Test
    void wordVocabularyEndToEnd() throws Exception {
        Path d = dates(400, 30, 30);
        String out = dir.resolve("out").toString();
        PrepManifest m = TextPrepJob.run(spark, TextPrepRequest.parallel("src", "tgt", d.resolve("train").toString(),
                d.resolve("valid").toString(), d.resolve("test").toString(), out, false, config("")));

        assertEquals(1, m.schemaVersion());
        assertCountsAddUp(m);
        assertEquals(400, m.splits().get("train").in());
        assertEquals(30, m.splits().get("valid").out());
        assertEquals(30, m.splits().get("test").out());
        assertEquals("input", m.splits().get("valid").origin());
        assertEquals(6, m.inputs().size());
        for (PrepManifest.Input in : m.inputs()) {
            assertEquals(FileDigest.sha256(new Configuration(), in.path()), in.sha256());
            assertEquals(in.split().equals("train") ? 400 : 30, in.lines());
        }
        assertEquals("0.1.0", m.code().version());
        assertNotNull(m.createdAt());
        assertTrue(m.timingsMs().containsKey("encode-filter-count"), m.timingsMs().toString());
        assertEquals(PrepConfigTest.with("data.shards = 2"), PrepConfig.from(com.typesafe.config.ConfigFactory.parseMap(m.config())));
        assertNull(m.bpe());
        assertFalse(m.vocab().joint());
        assertNotEquals(m.vocab().src().sha256(), m.vocab().tgt().sha256());
        assertTrue(Files.exists(Path.of(out, "vocab.src.txt")));
        assertTrue(Files.exists(Path.of(out, "vocab.tgt.txt")));

        // Plain Spark SQL reads the shards with schema version 1.
        Dataset<Row> train = spark.read().parquet(out + "/train");
        StructType schema = train.schema();
        assertEquals(Arrays.asList(PreparedSchema.v1Columns()), Arrays.asList(schema.fieldNames()));
        assertEquals("struct<id:bigint,src:string,tgt:string,src_ids:array<int>,tgt_ids:array<int>,src_len:int,tgt_len:int,bucket:int>",
                schema.simpleString());
        assertEquals(m.splits().get("train").out(), train.count());
        try (Stream<Path> files = Files.list(Path.of(out, "train"))) {
            assertTrue(files.filter(p -> p.toString().endsWith(".parquet")).count() <= 2);
        }

        PreparedCorpus corpus = PreparedCorpus.open(out);
        assertIdsMatchText(corpus, Split.TRAIN, true);
        assertIdsMatchText(corpus, Split.TEST, false);
        // id is the 1-based line number in the input, and the text is that line (normalised: unchanged here).
        List<String> srcLines = lines(d.resolve("train.src"));
        List<String> tgtLines = lines(d.resolve("train.tgt"));
        for (Row r : rows(corpus, Split.TRAIN)) {
            int line = (int) r.getLong(0);
            assertEquals(srcLines.get(line - 1), r.getString(1));
            assertEquals(tgtLines.get(line - 1), r.getString(2));
        }
        assertEquals(m.splits().get("valid").out(), corpus.pairs(spark, Split.VALID).count());
        assertFalse(Arrays.stream(corpus.pairs(spark, Split.TRAIN).first().tgt()).anyMatch(id -> id == 2 || id == 3),
                "no BOS/EOS in the ids");
    }

    @Test
    void jointBpeFromGzipWithHashSplitIsDeterministic() throws Exception {
        Path d = dates(300, 0, 0);
        Path gz = dir.resolve("gz");
        TestFiles.write(gz.resolve("all.src.gz"), lines(d.resolve("train.src")));
        TestFiles.write(gz.resolve("all.tgt.gz"), lines(d.resolve("train.tgt")));
        PrepConfig c = config("data.vocab { type = bpe, joint = true, bpe-merges = 60 }\n"
                + "data.split { valid-fraction = 0.1, test-fraction = 0.1 }");
        String out1 = dir.resolve("out1").toString();
        String out2 = dir.resolve("out2").toString();
        PrepManifest m1 = TextPrepJob.run(spark, TextPrepRequest.parallel("src", "tgt", gz.resolve("all").toString(), null, null, out1, false, c));
        PrepManifest m2 = TextPrepJob.run(spark, TextPrepRequest.parallel("src", "tgt", gz.resolve("all").toString(), null, null, out2, false, c));

        assertCountsAddUp(m1);
        assertEquals(300, m1.splits().values().stream().mapToLong(PrepManifest.SplitCounts::in).sum());
        assertEquals("hash", m1.splits().get("test").origin());
        assertTrue(m1.splits().get("valid").in() > 10 && m1.splits().get("test").in() > 10, m1.splits().toString());
        assertEquals(m1.splits(), m2.splits());
        assertEquals(m1.vocab(), m2.vocab());
        assertEquals(m1.bpe(), m2.bpe());
        assertTrue(m1.bpe().joint());
        assertEquals("bpe.codes", m1.bpe().src().file());
        assertEquals(Files.readString(Path.of(out1, "vocab.src.txt")), Files.readString(Path.of(out1, "vocab.tgt.txt")));
        assertTrue(Files.exists(Path.of(out1, "bpe.codes")));

        PreparedCorpus a = PreparedCorpus.open(out1);
        PreparedCorpus b = PreparedCorpus.open(out2);
        for (Split s : Split.values()) {
            List<Row> ra = rows(a, s);
            List<Row> rb = rows(b, s);
            assertEquals(ra.size(), rb.size());
            for (int i = 0; i < ra.size(); i++) {
                assertEquals(ra.get(i), rb.get(i));
            }
        }
        assertTrue(a.srcBpe().isPresent());
        assertIdsMatchText(a, Split.TRAIN, true);
        assertTrue(rows(a, Split.TRAIN).stream().anyMatch(r -> r.getString(1).contains(" ") && ints(r, "src_ids").length
                > r.getString(1).split(" ").length), "BPE splits some words into pieces");
    }

    @Test
    void tsvInputWithSeparateBpeAndTestCarvedFromTrain() throws Exception {
        Path d = dates(200, 20, 0);
        for (String split : List.of("train", "valid")) {
            List<String> s = lines(d.resolve(split + ".src"));
            List<String> t = lines(d.resolve(split + ".tgt"));
            List<String> tsv = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                tsv.add(s.get(i) + "\t" + t.get(i));
            }
            TestFiles.write(dir.resolve(split + ".tsv"), tsv);
        }
        String out = dir.resolve("out").toString();
        PrepManifest m = TextPrepJob.run(spark, TextPrepRequest.tsv("src", "tgt", dir.resolve("train.tsv").toString(),
                dir.resolve("valid.tsv").toString(), null, out, false,
                config("data.vocab { type = bpe, bpe-merges = 40 }\ndata.split { valid-fraction = 0.5, test-fraction = 0.2 }")));
        assertCountsAddUp(m);
        assertEquals(2, m.inputs().size());
        assertEquals("both", m.inputs().get(0).side());
        assertEquals("input", m.splits().get("valid").origin());
        assertEquals(20, m.splits().get("valid").in(), "valid comes from its own input only");
        assertEquals("hash", m.splits().get("test").origin());
        assertEquals(200, m.splits().get("train").in() + m.splits().get("test").in());
        assertTrue(m.splits().get("test").in() > 15 && m.splits().get("test").in() < 70, m.splits().toString());
        assertEquals("bpe.src.codes", m.bpe().src().file());
        assertEquals("bpe.tgt.codes", m.bpe().tgt().file());
        PreparedCorpus corpus = PreparedCorpus.open(out);
        assertNotEquals(corpus.srcBpe().orElseThrow(), corpus.tgtBpe().orElseThrow());
        assertIdsMatchText(corpus, Split.TRAIN, true);
    }

    /** One fixture per filter reason; the expected reason next to each line. */
    private Path filterFixture() throws Exception {
        Path d = dir.resolve("filters");
        TestFiles.write(d.resolve("train.de"), List.of(
                "a b",            // 1 kept
                "a b",            // 2 duplicate of 1
                "",               // 3 empty
                "a b c d e f",    // 4 too-long (6 > 5)
                "a",              // 5 length-ratio (3 > 2 * 1)
                "a b",            // 6 duplicate of 1
                "   ",            // 7 empty after normalisation
                "c d",            // 8 kept
                "c  d"));         // 9 duplicate of 8 after normalisation
        TestFiles.write(d.resolve("train.en"), List.of("x y", "x y", "x", "x", "x y z", "x y", "y", "z w", "z w"));
        TestFiles.write(d.resolve("valid.de"), List.of("", "a b c d e f g"));
        TestFiles.write(d.resolve("valid.en"), List.of("x", "x"));
        TestFiles.write(d.resolve("test.de"), List.of("a"));
        TestFiles.write(d.resolve("test.en"), List.of("x y z"));
        return d;
    }

    private PrepManifest prepFilters(String out, boolean applyToEval) throws Exception {
        Path d = filterFixture();
        return TextPrepJob.run(spark, TextPrepRequest.parallel("de", "en", d.resolve("train").toString(),
                d.resolve("valid").toString(), d.resolve("test").toString(), out, false,
                config("data.filter { max-tokens = 5, max-length-ratio = 2.0, apply-to-eval = " + applyToEval + " }")));
    }

    @Test
    void everyFilterReasonIsCountedPerSplit() throws Exception {
        String out = dir.resolve("out").toString();
        PrepManifest m = prepFilters(out, false);
        assertCountsAddUp(m);
        PrepManifest.SplitCounts train = m.splits().get("train");
        assertEquals(9, train.in());
        assertEquals(2, train.out());
        assertEquals(Map.of("duplicate", 3L, "empty", 2L, "too-long", 1L, "length-ratio", 1L), train.filtered());
        assertEquals(List.of(1L, 8L), rows(PreparedCorpus.open(out), Split.TRAIN).stream().map(r -> r.getLong(0)).toList());
        assertEquals(2, m.splits().get("valid").out(), "eval splits keep every pair unless apply-to-eval");
        assertEquals(1, m.splits().get("test").out());

        String out2 = dir.resolve("out2").toString();
        PrepManifest e = prepFilters(out2, true);
        assertCountsAddUp(e);
        assertEquals(Map.of("duplicate", 0L, "empty", 1L, "too-long", 1L, "length-ratio", 0L), e.splits().get("valid").filtered());
        assertEquals(Map.of("duplicate", 0L, "empty", 0L, "too-long", 0L, "length-ratio", 1L), e.splits().get("test").filtered());
        assertEquals(0, e.splits().get("test").out());
        assertEquals(0, PreparedCorpus.open(out2).load(spark, Split.TEST).count(), "an empty split is still readable");
    }

    @Test
    void differentLineCountsFailNamingBothFilesAndWriteNothing() throws Exception {
        Path d = dir.resolve("in");
        TestFiles.write(d.resolve("train.de"), List.of("a", "b", "c", "d", "e"));
        TestFiles.write(d.resolve("train.en"), List.of("a", "b", "c", "d"));
        Path out = dir.resolve("out");
        PrepException e = assertThrows(PrepException.class, () -> TextPrepJob.run(spark, TextPrepRequest.parallel("de", "en",
                d.resolve("train").toString(), null, null, out.toString(), false, config(""))));
        assertTrue(e.getMessage().matches("line counts differ: \\S+/in/train\\.de has 5 lines, \\S+/in/train\\.en has 4 lines"),
                e.getMessage());
        assertNothingWritten(out);
    }

    @Test
    void invalidUtf8FailsNamingFileAndLine() throws Exception {
        Path d = dir.resolve("in");
        TestFiles.write(d.resolve("train.de"), List.of("a", "b", "c"));
        TestFiles.writeBytes(d.resolve("train.en"), new byte[]{'a', '\n', 'b', '\n', 'c', (byte) 0xFF, '\n'});
        Path out = dir.resolve("out");
        PrepException e = assertThrows(PrepException.class, () -> TextPrepJob.run(spark, TextPrepRequest.parallel("de", "en",
                d.resolve("train").toString(), null, null, out.toString(), false, config(""))));
        assertTrue(e.getMessage().endsWith("/in/train.en: line 3 is not valid UTF-8"), e.getMessage());
        assertNothingWritten(out);
    }

    @Test
    void aCorruptGzipFailsInOneLineNamingTheFile() throws Exception {
        Path d = dir.resolve("in");
        TestFiles.write(d.resolve("train.de.gz"), DateCorpusGenerator.generate(500, 0, 0, 1).train().stream()
                .map(DateCorpusGenerator.DatePair::source).toList());
        byte[] whole = Files.readAllBytes(d.resolve("train.de.gz"));
        Files.write(d.resolve("train.en.gz"), Arrays.copyOf(whole, whole.length / 2)); // truncated gzip
        Path out = dir.resolve("out");
        PrepException e = assertThrows(PrepException.class, () -> TextPrepJob.run(spark, TextPrepRequest.parallel("de", "en",
                d.resolve("train").toString(), null, null, out.toString(), false, config(""))));
        assertTrue(e.getMessage().matches("cannot read \\S+/in/train\\.en\\.gz: EOFException: .+"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertNothingWritten(out);
    }

    @Test
    void emptyAndMissingFilesFailClearly() throws Exception {
        Path d = dir.resolve("in");
        TestFiles.write(d.resolve("train.de"), List.of("a"));
        Files.createFile(d.resolve("train.en"));
        Path out = dir.resolve("out");
        PrepException e = assertThrows(PrepException.class, () -> TextPrepJob.run(spark, TextPrepRequest.parallel("de", "en",
                d.resolve("train").toString(), null, null, out.toString(), false, config(""))));
        assertTrue(e.getMessage().matches("input \\S+/in/train\\.en is empty"), e.getMessage());
        TestFiles.write(d.resolve("train.en"), List.of("b"));
        e = assertThrows(PrepException.class, () -> TextPrepJob.run(spark, TextPrepRequest.parallel("de", "en",
                d.resolve("train").toString(), d.resolve("nope").toString(), null, out.toString(), false, config(""))));
        assertTrue(e.getMessage().startsWith("input not found: neither " + d.resolve("nope.de")), e.getMessage());
        assertNothingWritten(out);
    }

    @Test
    void existingOutputIsRefusedAndUntouchedUnlessOverwrite() throws Exception {
        Path d = dates(50, 5, 5);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        TextPrepRequest request = TextPrepRequest.parallel("src", "tgt", d.resolve("train").toString(),
                d.resolve("valid").toString(), d.resolve("test").toString(), out.toString(), false, config(""));
        PrepException e = assertThrows(PrepException.class, () -> TextPrepJob.run(spark, request));
        assertTrue(e.getMessage().endsWith("/out exists; pass --overwrite to replace it"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        assertEquals(List.of("dates", "out"), siblings());

        TextPrepJob.run(spark, TextPrepRequest.parallel("src", "tgt", d.resolve("train").toString(),
                d.resolve("valid").toString(), d.resolve("test").toString(), out.toString(), true, config("")));
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertTrue(Files.exists(out.resolve("manifest.json")));
        assertEquals(List.of("dates", "out"), siblings());
    }

    private List<String> siblings() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertNothingWritten(Path out) throws Exception {
        assertFalse(Files.exists(out), out + " must not exist");
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "no temporary directory is left behind");
        }
    }
}
