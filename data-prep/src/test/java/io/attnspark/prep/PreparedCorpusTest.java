package io.attnspark.prep;

import io.attnspark.prep.synthetic.DateCorpusGenerator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparedCorpusTest {
    @TempDir
    static Path shared;
    private static Path corpus;
    private static SparkSession spark;
    @TempDir
    Path dir;

    @BeforeAll
    static void prepareOnce() throws Exception {
        spark = TestSpark.session();
        Path in = shared.resolve("in");
        DateCorpusGenerator.write(in, 60, 6, 6, 9);
        corpus = shared.resolve("corpus");
        TextPrepJob.run(spark, TextPrepRequest.parallel("src", "tgt", in.resolve("train").toString(), in.resolve("valid").toString(),
                in.resolve("test").toString(), corpus.toString(), false, PrepConfigTest.with("data.shards = 1")));
    }

    /** A copy of the corpus to tamper with. */
    private Path copy() {
        Path target = dir.resolve("copy");
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path p : files.toList()) {
                Files.copy(p, target.resolve(corpus.relativize(p).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static void rewrite(Path file, String from, String to) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(s.contains(from), from);
        Files.writeString(file, s.replace(from, to), StandardCharsets.UTF_8);
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }

    @Test
    void exposesWhatPrepUsed() throws IOException {
        PreparedCorpus c = PreparedCorpus.open(corpus.toString());
        assertEquals(60, c.manifest().splits().get("train").in());
        assertEquals(6, c.size(Split.VALID));
        assertTrue(c.path(Split.TEST).endsWith("/corpus/test"), c.path(Split.TEST));
        assertTrue(c.srcBpe().isEmpty());
        assertEquals(c.srcVocabulary(), c.srcPipeline().vocabulary());
        String line = readFirstLine(shared.resolve("in/train.src"));
        assertEquals(line, c.srcPipeline().decode(c.srcPipeline().encode(line)));
        assertEquals(1, c.config().shards());
        assertEquals(c.size(Split.TRAIN), c.pairs(spark, Split.TRAIN).count());
    }

    private static String readFirstLine(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8).get(0);
    }

    @Test
    void aChangedVocabularyIsNamedWithBothHashes() throws Exception {
        Path copy = copy();
        List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve("vocab.tgt.txt")));
        String last = lines.remove(lines.size() - 1);
        lines.add(lines.size() - 1, last);
        Files.write(copy.resolve("vocab.tgt.txt"), lines);
        Files.deleteIfExists(copy.resolve(".vocab.tgt.txt.crc"));
        PrepException e = assertThrows(PrepException.class, () -> PreparedCorpus.open(copy.toString()));
        assertTrue(e.getMessage().matches("\\S+/copy/vocab\\.tgt\\.txt: vocabulary SHA-256 [0-9a-f]{64} does not match the manifest's [0-9a-f]{64}"),
                e.getMessage());
    }

    @Test
    void anUnknownSchemaVersionIsRefused() throws Exception {
        Path copy = copy();
        rewrite(copy.resolve("manifest.json"), "\"schema_version\" : 1", "\"schema_version\" : 2");
        PrepException e = assertThrows(PrepException.class, () -> PreparedCorpus.open(copy.toString()));
        assertTrue(e.getMessage().endsWith("/copy/manifest.json: schema version 2 is not supported (this code reads version 1)"),
                e.getMessage());
    }

    @Test
    void aDirectoryWithoutManifestIsNotACorpus() throws Exception {
        PrepException e = assertThrows(PrepException.class, () -> PreparedCorpus.open(dir.toString()));
        assertTrue(e.getMessage().endsWith(" is not a prepared corpus: manifest.json is missing"), e.getMessage());
    }

    @Test
    void shardsWithTheWrongColumnsAreRefusedOnLoad() throws Exception {
        Path copy = copy();
        try (Stream<Path> files = Files.walk(copy.resolve("valid"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        spark.sql("SELECT 'x' AS id").write().parquet(copy.resolve("valid").toString());
        PreparedCorpus c = PreparedCorpus.open(copy.toString());
        PrepException e = assertThrows(PrepException.class, () -> c.load(spark, Split.VALID));
        assertTrue(e.getMessage().endsWith("/copy/valid: column id bigint has type string"), e.getMessage());
    }
}
