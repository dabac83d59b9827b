package io.attnspark.jobs.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.decode.ForcedScore;
import io.attnspark.decode.Hypothesis;
import io.attnspark.decode.Translator;
import io.attnspark.jobs.Main;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.score.ScoreRequest.Mode;
import io.attnspark.metrics.BleuScore;
import io.attnspark.metrics.ChrfScore;
import io.attnspark.nn.TokenPair;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.Split;
import io.attnspark.text.TextPipeline;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * score on Spark against the library: translations, n-best scores, attention and forced log-probabilities
 * equal what {@link Translator} gives for the same sentences on the same model; input order, line counts
 * and the status of every empty, too long and unreadable line survive partitioning, chunking, length
 * sorting and (for gzip) a shuffle; prepared data is scored with its references.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoreJobTest {
    private static final double TOLERANCE = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fifteen tokens: above the fixture's score.max-source-length=12. */
    private static final String TOO_LONG = "the 1st of may 1999 , the 2nd of june 2001 , 3 march 2004";

    @TempDir
    static java.nio.file.Path tmp;
    private static ScoreFixture fx;
    /** The test split's sources with an empty, a blank, a too long and an invalid UTF-8 line mixed in. */
    private static List<byte[]> lines;
    private static List<ScoreStatus> expected;

    @BeforeAll
    static void setUp() throws IOException {
        fx = ScoreFixture.build(tmp);
        List<String> test = Files.readAllLines(fx.corpus.resolve("test.src"));
        lines = new ArrayList<>();
        expected = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            switch (i) {
                case 0 -> add(new byte[0], ScoreStatus.EMPTY);
                case 7 -> add(" \t ".getBytes(StandardCharsets.UTF_8), ScoreStatus.EMPTY);
                case 13 -> add(TOO_LONG.getBytes(StandardCharsets.UTF_8), ScoreStatus.TOO_LONG);
                case 21 -> add(new byte[] {'a', (byte) 0xC3, '(', 'b'}, ScoreStatus.ERROR);
                default -> { }
            }
            add(test.get(i).getBytes(StandardCharsets.UTF_8), ScoreStatus.OK);
        }
    }

    private static void add(byte[] line, ScoreStatus status) {
        lines.add(line);
        expected.add(status);
    }

    @AfterAll
    static void tearDown() {
        if (fx != null) {
            fx.spark.stop();
        }
    }

    @Test
    void translatesPlainTextLikeTheLibraryKeepingOrderStatusesAndAlignments() throws IOException {
        java.nio.file.Path input = write("raw.txt", false);
        JobContext context = ScoreFixture.context(List.of());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ScoreSummary summary = score(context, input, "plain", Mode.TRANSLATE, 2, true, progress);

        List<Row> rows = results("plain");
        checkOrderAndStatuses(rows);
        List<int[]> sources = okSources(rows);
        List<List<Hypothesis>> reference = fx.translator(context).beam(sources, 2);
        TextPipeline target = fx.target();
        int k = 0;
        for (Row r : rows) {
            if (!"ok".equals(r.getAs(ResultSchema.STATUS))) {
                assertTrue(r.getList(r.fieldIndex(ResultSchema.HYPOTHESES)).isEmpty());
                assertTrue(r.getAs(ResultSchema.MESSAGE) != null, "a message says why " + r);
                continue;
            }
            List<Hypothesis> want = reference.get(k);
            assertEquals(sources.get(k).length, (int) r.getAs(ResultSchema.SRC_TOKENS));
            k++;
            List<String> hyps = r.getList(r.fieldIndex(ResultSchema.HYPOTHESES));
            List<Double> scores = r.getList(r.fieldIndex(ResultSchema.SCORES));
            List<Double> logProbs = r.getList(r.fieldIndex(ResultSchema.LOG_PROBS));
            assertEquals(want.size(), hyps.size(), "n-best of line " + r.getAs(ResultSchema.ID));
            for (int j = 0; j < want.size(); j++) {
                assertEquals(target.decode(want.get(j).tokens()), hyps.get(j), "line " + r.getAs(ResultSchema.ID));
                assertEquals(want.get(j).score(), scores.get(j), TOLERANCE);
                assertEquals(want.get(j).logProb(), logProbs.get(j), TOLERANCE);
            }
            Hypothesis best = want.get(0);
            assertEquals(best.tokens().length, (int) r.getAs(ResultSchema.OUT_TOKENS));
            List<Integer> shape = r.getList(r.fieldIndex(ResultSchema.ATTENTION_SHAPE));
            assertEquals(List.of(best.tokens().length + 1, sources.get(k - 1).length + 1), shape);
            List<Float> attention = r.getList(r.fieldIndex(ResultSchema.ATTENTION));
            for (int t = 0; t < shape.get(0); t++) {
                for (int s = 0; s < shape.get(1); s++) {
                    assertEquals(best.attention()[t][s], attention.get(t * shape.get(1) + s), TOLERANCE);
                }
            }
        }
        assertEquals(sources.size(), k);
        long nonEmpty = rows.stream().filter(r -> "ok".equals(r.getAs(ResultSchema.STATUS))
                && (int) r.getAs(ResultSchema.OUT_TOKENS) > 0).count();
        assertTrue(nonEmpty >= sources.size() / 2, "the fixture model says something: " + nonEmpty + " of "
                + sources.size() + " outputs are not empty");

        List<String> text = Files.readAllLines(fx.root.resolve("plain.hyp"));
        assertEquals(lines.size(), text.size(), "one text line per input line");
        for (int i = 0; i < rows.size(); i++) {
            List<String> hyps = rows.get(i).getList(rows.get(i).fieldIndex(ResultSchema.HYPOTHESES));
            assertEquals(hyps.isEmpty() ? "" : hyps.get(0), text.get(i), "text line " + i);
        }

        assertEquals(lines.size(), summary.records());
        assertEquals(count(ScoreStatus.OK), summary.count(ScoreStatus.OK));
        assertEquals(2, summary.count(ScoreStatus.EMPTY));
        assertEquals(1, summary.count(ScoreStatus.TOO_LONG));
        assertEquals(1, summary.count(ScoreStatus.ERROR));
        assertTrue(summary.bleu().isEmpty(), "plain text has no references");
        Map<?, ?> json = summaryJson("plain");
        assertEquals(lines.size(), ((Number) json.get("records_in")).intValue());
        assertEquals(Map.of("ok", (int) count(ScoreStatus.OK), "empty", 2, "too_long", 1, "error", 1), json.get("status"));
        assertTrue(((Number) json.get("records_per_s")).doubleValue() > 0);
        assertTrue(((Number) json.get("generated_tokens_per_s")).doubleValue() > 0);
        int partitions = ((Number) json.get("partitions")).intValue();
        assertTrue(partitions >= 4, "a small file is still split for both cores: " + partitions);
        assertTrue(ModelCache.loads((String) json.get("model_sha256")) <= 2,
                "one graph per concurrent task in this JVM, not one per partition (" + partitions + ")");
        String printed = progress.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("partitions, ") && printed.contains("records/s"), printed);
        assertTrue(printed.contains("score: " + lines.size() + " records (ok " + count(ScoreStatus.OK)
                + ", empty 2, too_long 1, error 1) in "), printed);
    }

    @Test
    void greedyOnGzipEqualsTheLibraryAndKeepsTheLineCount() throws IOException {
        java.nio.file.Path input = write("raw.txt.gz", true);
        JobContext context = ScoreFixture.context(List.of("decode.beam=1"));
        ScoreSummary summary = score(context, input, "gzip", Mode.TRANSLATE, 1, false, null);

        List<Row> rows = results("gzip");
        checkOrderAndStatuses(rows);
        List<int[]> sources = okSources(rows);
        List<int[]> want = fx.translator(context).translate(sources);
        List<String> text = Files.readAllLines(fx.root.resolve("gzip.hyp"));
        assertEquals(lines.size(), text.size());
        int k = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertNull(r.getAs(ResultSchema.ATTENTION), "no alignments unless asked for");
            if ("ok".equals(r.getAs(ResultSchema.STATUS))) {
                assertEquals(fx.target().decode(want.get(k++)), text.get(i), "line " + i);
                assertEquals(1, r.getList(r.fieldIndex(ResultSchema.HYPOTHESES)).size());
            } else {
                assertEquals("", text.get(i));
            }
        }
        assertEquals(count(ScoreStatus.OK), summary.count(ScoreStatus.OK));
        assertTrue(((Number) summaryJson("gzip").get("partitions")).intValue() >= 2,
                "the one gzip partition is spread over the cores");
    }

    @Test
    void scoreModeGivesTheLibrarysForcedLogProbabilities() throws IOException {
        List<String> src = Files.readAllLines(fx.corpus.resolve("test.src"));
        List<String> tgt = Files.readAllLines(fx.corpus.resolve("test.tgt"));
        List<String> tsv = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            tsv.add(src.get(i) + "\t" + tgt.get(i));
        }
        tsv.add(3, "no tab on this line");
        tsv.add(9, "\t2001 - 01 - 01");
        tsv.add(17, src.get(0) + "\t" + TOO_LONG);
        java.nio.file.Path input = Files.write(fx.root.resolve("pairs.tsv"), tsv, StandardCharsets.UTF_8);
        JobContext context = ScoreFixture.context(List.of());
        ScoreSummary summary = score(context, input, "forced", Mode.SCORE, 1, false, null);

        List<Row> rows = results("forced");
        assertEquals(tsv.size(), rows.size());
        List<TokenPair> pairs = new ArrayList<>();
        List<Row> ok = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(i, (long) r.getAs(ResultSchema.ID));
            String status = r.getAs(ResultSchema.STATUS);
            assertEquals(i == 3 ? "error" : i == 9 ? "empty" : i == 17 ? "too_long" : "ok", status, "line " + i);
            if ("ok".equals(status)) {
                String[] cols = tsv.get(i).split("\t");
                assertEquals(cols[1], r.getAs(ResultSchema.REFERENCE));
                pairs.add(new TokenPair(fx.source().encode(cols[0]), fx.target().encode(cols[1])));
                ok.add(r);
            }
        }
        assertTrue(((String) rows.get(3).getAs(ResultSchema.MESSAGE)).contains("1 tab-separated column, expected 2"));
        assertTrue(((String) rows.get(17).getAs(ResultSchema.MESSAGE)).contains("the target has 15 tokens, more than score.max-source-length=12"));
        List<ForcedScore> want = fx.translator(context).forced(pairs);
        for (int k = 0; k < ok.size(); k++) {
            Row r = ok.get(k);
            List<Double> scores = r.getList(r.fieldIndex(ResultSchema.SCORES));
            List<Double> perToken = r.getList(r.fieldIndex(ResultSchema.TOKEN_LOG_PROBS));
            assertEquals(want.get(k).total(), scores.get(0), TOLERANCE);
            assertEquals(want.get(k).perToken().length, perToken.size());
            for (int t = 0; t < perToken.size(); t++) {
                assertEquals(want.get(k).perToken()[t], perToken.get(t), TOLERANCE);
            }
            assertEquals(pairs.get(k).target().length, (int) r.getAs(ResultSchema.OUT_TOKENS));
        }
        List<String> text = Files.readAllLines(fx.root.resolve("forced.hyp"));
        assertEquals(tsv.size(), text.size());
        for (int i = 0; i < rows.size(); i++) {
            List<Double> scores = rows.get(i).getList(rows.get(i).fieldIndex(ResultSchema.SCORES));
            assertEquals(scores.isEmpty() ? "" : Double.toString(scores.get(0)), text.get(i), "line " + i);
        }
        assertEquals(ok.size(), summary.count(ScoreStatus.OK));
        assertTrue(summary.bleu().isEmpty(), "score mode reports no BLEU");
        assertTrue(summaryJson("forced").containsKey("target_tokens_per_s"));
    }

    @Test
    void preparedDataIsTranslatedWithItsReferences() throws IOException {
        JobContext context = ScoreFixture.context(List.of("decode.beam=2"));
        ScoreSummary summary = score(context, java.nio.file.Path.of(fx.prep.toUri()), "prepared", Mode.TRANSLATE, 1,
                false, null);
        PreparedCorpus prepared = PreparedCorpus.open(fx.prep.toString());
        List<Row> want = prepared.load(fx.spark, Split.TEST).orderBy("id").collectAsList();
        List<Row> rows = results("prepared");
        assertEquals(want.size(), rows.size());
        List<int[]> sources = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(want.get(i).<Long>getAs("id") - 1, (long) rows.get(i).getAs(ResultSchema.ID),
                    "ids are prep's line numbers, 0-based");
            assertEquals(want.get(i).<String>getAs("src"), rows.get(i).getAs(ResultSchema.INPUT));
            sources.add(fx.source().encode(want.get(i).getAs("src")));
            references.add(want.get(i).getAs("tgt"));
        }
        List<String> hyps = new ArrayList<>();
        for (int[] out : fx.translator(context).translate(sources)) {
            hyps.add(fx.target().decode(out));
        }
        List<String> text = Files.readAllLines(fx.root.resolve("prepared.hyp"));
        assertEquals(hyps, text);
        assertEquals(BleuScore.corpus(hyps, List.of(references)).score(), summary.bleu().orElseThrow().score(), 1e-9);
        assertEquals(ChrfScore.corpus(hyps, List.of(references)).score(), summary.chrf().orElseThrow().score(), 1e-9);
        Map<?, ?> json = summaryJson("prepared");
        assertEquals("prepared", json.get("input_format"));
        assertEquals("test", json.get("split"));
        assertTrue(((Map<?, ?>) json.get("bleu")).get("line").toString().startsWith("BLEU = "));
    }

    @Test
    void refusesWhatItCannotDoBeforeWriting() throws IOException {
        java.nio.file.Path input = write("refused.txt", false);
        Path in = new Path(input.toUri());
        JobContext context = ScoreFixture.context(List.of());
        assertEquals("--nbest 4 exceeds the beam width 3 (decode.beam)", assertThrows(RuntimeException.class,
                () -> ScoreJob.check(context, in, Mode.TRANSLATE, 4, false)).getMessage());
        assertTrue(assertThrows(RuntimeException.class, () -> ScoreJob.check(context, in, Mode.SCORE, 1, false))
                .getMessage().startsWith("--mode score needs targets"));
        assertTrue(assertThrows(RuntimeException.class, () -> ScoreJob.check(context, in, Mode.CAPTION, 1, false))
                .getMessage().contains("runs as CaptionScoreJob"));
        Path corpusDir = new Path(fx.corpus.toUri());
        assertTrue(assertThrows(RuntimeException.class, () -> ScoreJob.check(context, corpusDir, Mode.TRANSLATE, 1,
                false)).getMessage().contains("is a directory without manifest.json"));
    }

    @Test
    void theCommandRefusesBeforeWriting() throws IOException {
        String model = fx.model.toString();
        String input = write("cli-refused.txt", false).toString();
        java.nio.file.Path existing = Files.createDirectories(fx.root.resolve("cli-existing"));
        Files.writeString(existing.resolve("keep"), "x");
        CliResult run = cli("score", "--model", model, "--input", input, "--out", existing.toString());
        assertEquals(1, run.exit, run.toString());
        assertEquals("attnspark score: output " + existing + " exists (use --overwrite to replace it)", run.err.strip());
        assertTrue(Files.exists(existing.resolve("keep")));

        String fresh = fx.root.resolve("cli-fresh").toString();
        run = cli("score", "--model", model, "--input", input, "--out", fresh, "--beam", "2", "--nbest", "3");
        assertEquals(2, run.exit, run.toString());
        assertTrue(run.err.contains("--nbest 3 exceeds the beam width 2 (decode.beam)"), run.toString());
        run = cli("score", "--model", model, "--input", input, "--out", fresh, "--mode", "score", "--alignments");
        assertEquals(2, run.exit, run.toString());
        run = cli("score", "--model", model, "--input", input, "--out", fresh, "--mode", "score", "--nbest", "2");
        assertEquals(2, run.exit, run.toString());
        assertTrue(run.err.contains("--nbest applies to --mode translate"), run.toString());
        run = cli("score", "--model", model, "--input", input, "--out", fresh, "--mode", "score");
        assertEquals(1, run.exit, run.toString());
        assertTrue(run.err.contains("--mode score needs targets"), run.toString());
        run = cli("score", "--model", model, "--input", input, "--out", fresh, "--mode", "caption");
        assertEquals(1, run.exit, run.toString());
        assertTrue(run.err.contains("holds a rnn-attention model (translation); --mode caption needs a caption model"),
                run.toString());
        String zip = model + "/model.zip";
        for (String mode : List.of("translate", "caption")) {
            run = cli("score", "--model", zip, "--input", input, "--out", fresh, "--mode", mode);
            assertEquals(1, run.exit, run.toString());
            assertTrue(run.err.strip().endsWith(" is a file: --model takes the directory train wrote (with model.zip, "
                    + "model.json and text/), e.g. " + model), run.toString());
            assertTrue(run.err.strip().startsWith("attnspark score: model " + zip + " is a file"),
                    run.toString());
        }
        run = cli("score", "--model", fx.root.resolve("no-such-model").toString(), "--input", input, "--out", fresh);
        assertEquals(1, run.exit, run.toString());
        assertTrue(run.err.strip().endsWith("no-such-model does not exist"),
                run.toString());
        java.nio.file.Path empty = Files.createDirectories(fx.root.resolve("not-a-model"));
        run = cli("score", "--model", empty.toString(), "--input", input, "--out", fresh);
        assertEquals(1, run.exit, run.toString());
        assertTrue(run.err.contains("not-a-model has neither model.zip nor best.zip: not a model directory written by "
                + "train"), run.toString());
        assertEquals(1, run.err.strip().lines().count(), run.toString());
        assertTrue(Files.notExists(java.nio.file.Path.of(fresh)), "nothing written by a refused run");
    }

    /** Last: the command stops the session it shares with the other tests when it ends. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theCommandRunsEndToEndAndReplacesWithOverwrite() throws IOException {
        java.nio.file.Path input = write("cli.txt", false);
        java.nio.file.Path out = Files.createDirectories(fx.root.resolve("cli-out"));
        java.nio.file.Path text = Files.writeString(fx.root.resolve("cli.hyp"), "old\n");
        List<String> args = new ArrayList<>(List.of("score", "--model", fx.model.toString(), "--input", input.toString(),
                "--out", out.toString(), "--text-out", text.toString(), "--overwrite", "--beam", "2", "--nbest", "2"));
        args.addAll(ScoreFixture.SETTINGS);
        CliResult run = cli(args.toArray(String[]::new));
        assertEquals(0, run.exit, run.toString());
        List<String> printed = run.out.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(printed.get(printed.size() - 1).startsWith("score: " + lines.size() + " records (ok "), run.toString());
        assertEquals(lines.size(), Files.readAllLines(text).size());
        assertTrue(Files.exists(out.resolve(ScoreJob.SUMMARY)) && Files.exists(out.resolve("resolved.conf")));
        assertTrue(Files.readString(out.resolve("resolved.conf")).contains("max-source-length=12"));
    }

    // ------------------------------------------------------------------------------------------------------

    private record CliResult(int exit, String out, String err) {
    }

    /** Runs the command line in this JVM, capturing what it prints (jobs print progress to System.out). */
    private static CliResult cli(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute(args, new PrintWriter(System.out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(original);
        }
        return new CliResult(exit, captured.toString(StandardCharsets.UTF_8), err.toString());
    }

    private static ScoreSummary score(JobContext context, java.nio.file.Path input, String name, Mode mode, int nbest,
                                      boolean alignments, OutputStream progress) throws IOException {
        java.nio.file.Path out = fx.root.resolve(name);
        Files.createDirectories(out);
        ScoreRequest request = new ScoreRequest(context, new Path(fx.model.toUri()), new Path(input.toUri()),
                new Path(out.toUri()), Optional.of(new Path(fx.root.resolve(name + ".hyp").toUri())), mode, nbest,
                alignments);
        PrintStream print = progress == null ? ScoreFixture.quiet() : new PrintStream(progress, true, StandardCharsets.UTF_8);
        return ScoreJob.score(fx.spark, request, print);
    }

    private static List<Row> results(String name) {
        return fx.spark.read().parquet(fx.root.resolve(name).resolve(ScoreJob.RESULTS).toString())
                .orderBy(ResultSchema.ID).collectAsList();
    }

    private static Map<?, ?> summaryJson(String name) throws IOException {
        return JSON.readValue(fx.root.resolve(name).resolve(ScoreJob.SUMMARY).toFile(), Map.class);
    }

    private static java.nio.file.Path write(String name, boolean gzip) throws IOException {
        java.nio.file.Path file = fx.root.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
        return file;
    }

    /** Ids 0..n-1, each line's expected status, its text as input. */
    private static void checkOrderAndStatuses(List<Row> rows) {
        assertEquals(lines.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(i, (long) r.getAs(ResultSchema.ID));
            assertEquals(expected.get(i).label(), r.getAs(ResultSchema.STATUS), "line " + i + ": " + r);
            if (expected.get(i) != ScoreStatus.ERROR) {
                assertEquals(new String(lines.get(i), StandardCharsets.UTF_8), r.getAs(ResultSchema.INPUT));
            }
        }
    }

    /** The ids of the sources of the ok rows, encoded as prep would. */
    private static List<int[]> okSources(List<Row> rows) {
        List<int[]> out = new ArrayList<>();
        for (Row r : rows) {
            if ("ok".equals(r.getAs(ResultSchema.STATUS))) {
                out.add(fx.source().encode(r.getAs(ResultSchema.INPUT)));
            }
        }
        return out;
    }

    private static long count(ScoreStatus status) {
        return expected.stream().filter(s -> s == status).count();
    }
}
