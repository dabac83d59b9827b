package io.attnspark.jobs.cli;

import io.attnspark.jobs.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @TempDir
    Path dir;

    /** Every command and sub-command, as the words that invoke it ("train", "cluster start"). */
    static List<String> commands() {
        List<String> names = new ArrayList<>();
        collect(Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), "", names);
        return names;
    }

    private static void collect(CommandLine cmd, String prefix, List<String> names) {
        for (CommandLine sub : cmd.getSubcommands().values()) {
            String name = (prefix + " " + sub.getCommandName()).trim();
            names.add(name);
            collect(sub, name, names);
        }
    }

    private static CommandLine spec(String command) {
        CommandLine cmd = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (String word : command.split(" ")) {
            cmd = cmd.getSubcommands().get(word);
        }
        return cmd;
    }

    @Test
    void everyCommandOfTheBriefExists() {
        assertTrue(commands().containsAll(List.of("quickstart", "prep-text", "prep-captions", "train", "score", "average",
                "sweep", "bench", "cluster", "cluster start", "cluster status", "cluster stop")), commands().toString());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpListsEveryOptionAndDescribesTheCommand(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("Usage: attnspark " + command + " "), run.toString());
        for (OptionSpec option : spec(command).getCommandSpec().options()) {
            assertTrue(run.out().contains(option.longestName()), command + " --help lacks " + option.longestName());
        }
        String[] description = spec(command).getCommandSpec().usageMessage().description();
        assertTrue(description.length > 0 && description[0].length() > 60, command + " needs a one-paragraph description");
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exit());
        for (String command : List.of("quickstart", "prep-text", "train", "score", "average", "sweep", "bench", "cluster")) {
            assertTrue(run.out().contains("  " + command + " "), run.out());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Missing required command"), run.toString());
    }

    @Test
    void unknownOptionExitsTwoWithMessageAndHint() {
        CliRun run = CliRun.of("train", "--data", "d", "--out", "o", "--bogus");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("Unknown option: '--bogus'"), run.toString());
        assertTrue(run.err().contains("Try 'attnspark train --help' for more information."), run.toString());
    }

    @Test
    void missingRequiredOptionExitsTwo() {
        CliRun run = CliRun.of("score", "--model", "m", "--out", "o");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("Missing required option: '--input=PATH'"), run.toString());
    }

    @Test
    void misspeltCommandSuggestsTheRightOne() {
        CliRun run = CliRun.of("trian");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Did you mean: attnspark train?"), run.toString());
    }

    @Test
    void trailingArgumentsMustBeOverrides() {
        CliRun run = CliRun.of("train", "--data", "d", "--out", "o", "stray");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Unexpected argument 'stray'"), run.toString());
    }

    @Test
    void badOptionValuesAndCombinationsAreUsageErrors() {
        assertEquals(2, CliRun.of("train", "--data", "d", "--out", "o", "--resume", "--overwrite").exit());
        assertEquals(2, CliRun.of("score", "--model", "m", "--input", "i", "--out", "o", "--beam", "0").exit());
        assertEquals(2, CliRun.of("score", "--model", "m", "--input", "i", "--out", "o", "--mode", "dance").exit());
        assertEquals(2, CliRun.of("prep-text", "--source-lang", "de", "--target-lang", "de", "--tsv", "x", "--out", "o").exit());
        assertEquals(2, CliRun.of("prep-text", "--source-lang", "de", "--target-lang", "en", "--out", "o").exit(),
                "one of --train and --tsv is required");
        assertEquals(2, CliRun.of("prep-text", "--source-lang", "de", "--target-lang", "en", "--tsv", "x", "--train", "p",
                "--out", "o").exit(), "--train and --tsv exclude each other");
        assertEquals(2, CliRun.of("bench", "--models", "rnn,nope").exit());
        assertEquals(2, CliRun.of("bench", "--phases", "train,infer").exit());
        assertEquals(2, CliRun.of("bench", "--spark", "--compare").exit());
    }

    @Test
    void failureInsideACommandIsOneLineAndExitOne() {
        CliRun run = CliRun.of("train", "--data", dir.resolve("missing").toString(), "--out", dir.resolve("m").toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("attnspark train: prepared data " + dir.resolve("missing") + " does not exist"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void prepTextAcceptsGzipSidesAndNamesBothFormsWhenOneIsMissing() throws Exception {
        java.nio.file.Files.write(dir.resolve("corpus.de.gz"), new byte[] {1});
        CliRun missing = CliRun.of("prep-text", "--source-lang", "de", "--target-lang", "en",
                "--train", dir.resolve("corpus").toString(), "--out", dir.resolve("p").toString());
        assertEquals(1, missing.exit(), missing.toString());
        assertEquals(List.of("attnspark prep-text: target file " + dir.resolve("corpus.en") + " does not exist (nor "
                + dir.resolve("corpus.en.gz") + ")"), missing.errLines(), "the .gz source side was accepted");
    }

    @Test
    void prepTextOverwriteKeepsTheOldOutputWhenTheNewRunFails() throws Exception {
        java.nio.file.Path old = dir.resolve("prepared");
        java.nio.file.Files.createDirectories(old);
        java.nio.file.Files.writeString(old.resolve("manifest.json"), "{\"old\": true}");
        java.nio.file.Files.writeString(dir.resolve("c.de"), "eins\nzwei\n");
        java.nio.file.Files.writeString(dir.resolve("c.en"), "one\n");
        CliRun run = CliRun.of("prep-text", "--source-lang", "de", "--target-lang", "en",
                "--train", dir.resolve("c").toString(), "--out", old.toString(), "--overwrite");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("line counts differ"), run.toString());
        assertEquals("{\"old\": true}", java.nio.file.Files.readString(old.resolve("manifest.json")),
                "the old output is untouched by a failed --overwrite run");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("train", "--verbose", "--data", dir.resolve("missing").toString(), "--out", dir.resolve("m").toString());
        assertEquals(1, run.exit());
        assertTrue(run.errLines().size() > 2, run.toString());
        assertTrue(run.err().contains("\tat io.attnspark.jobs.io.OutputPaths.requireExisting"), run.toString());
    }

    @Test
    void unknownConfigKeyNamesTheNearestKey() {
        CliRun run = CliRun.of("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(), "train.batch-sise=8");
        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("attnspark train: unknown key train.batch-sise (did you mean train.batch-size?)"), run.errLines());
        assertFalse(Files.exists(dir.resolve("m")), "nothing is written before the configuration is valid");
    }

    @Test
    void invalidValueInARegisteredSectionFailsBeforeTheJob() {
        CliRun run = CliRun.of("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(), "spark.approach=sideways");
        assertEquals(1, run.exit());
        assertEquals(List.of("attnspark train: spark.approach=sideways is not one of direct, export"), run.errLines());
    }

    @Test
    void recipeErrorsNameTheFile() throws IOException {
        Path recipe = dir.resolve("bad.conf");
        Files.writeString(recipe, "model {\n  encoder.layers = \n");
        CliRun run = CliRun.of("train", "--conf", recipe.toString(), "--data", dir.toString(), "--out", dir.resolve("m").toString());
        assertEquals(1, run.exit());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("attnspark train: cannot parse " + recipe + " line "), run.toString());
    }

    @Test
    void sweepNeedsASweepFileAndNamesAnUnknownKeyOfItsSpace() throws IOException {
        CliRun noConf = CliRun.of("sweep", "--out", dir.resolve("s0").toString());
        assertEquals(2, noConf.exit(), noConf.toString());
        assertTrue(noConf.err().contains("Missing required option: '--conf=FILE'"), noConf.toString());

        Path file = dir.resolve("sweep.conf");
        Files.writeString(file, "sweep {\n  trials = 2\n  space = [{ key = model.encoder.hiden-size, grid = [32, 64] }]\n}\n");
        CliRun unknown = CliRun.of("sweep", "--conf", file.toString(), "--out", dir.resolve("s1").toString());
        assertEquals(1, unknown.exit(), unknown.toString());
        assertEquals(List.of("attnspark sweep: sweep.space[0] (model.encoder.hiden-size): unknown key "
                + "model.encoder.hiden-size (did you mean model.encoder.hidden-size?)"), unknown.errLines());

        Files.writeString(file, "sweep.space = [{ key = train.learning-rate, log-uniform = [0.01, 0.001] }]\n");
        CliRun range = CliRun.of("sweep", "--conf", file.toString(), "--out", dir.resolve("s2").toString());
        assertEquals(1, range.exit(), range.toString());
        assertEquals(List.of("attnspark sweep: sweep.space[0] (train.learning-rate): log-uniform = [0.01, 0.001] "
                + "needs low < high"), range.errLines());
    }

    @Test
    void benchPrepPrintsThroughputOfASyntheticCorpus() {
        CliRun run = CliRun.of("bench", "--prep", "--repeats", "1", "--warmup", "0", "--pairs", "300", "data.vocab.bpe-merges=200");
        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("prep pairs_per_s_per_core [1-9][0-9]*")), run.toString());
        assertTrue(lines.contains("prep pairs 300"), run.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("prep corpus 300 synthetic Multi30k-like pairs (seed 42); ")
                && l.contains("; 200 + 200 BPE merges; ")), run.toString());
    }

    @Test
    void benchPrepReadsLineAlignedFiles() throws IOException {
        Path source = Files.writeString(dir.resolve("s.de"), "Ein Hund läuft über die Wiese.\nZwei Männer spielen Fußball.\n");
        Path target = Files.writeString(dir.resolve("t.en"), "A dog runs across the meadow.\nTwo men play football.\n");
        CliRun run = CliRun.of("bench", "--prep", "--source", source.toString(), "--target", target.toString(),
                "--repeats", "1", "--warmup", "0", "data.vocab.bpe-merges=5");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("prep pairs 2\n"), run.toString());
        assertTrue(run.out().contains("prep pairs_per_s_per_core "), run.toString());
    }

    @Test
    void benchPrepOptionsAreCheckedTogether() {
        assertEquals(2, CliRun.of("bench", "--pairs", "10").exit());
        assertEquals(2, CliRun.of("bench", "--prep", "--source", "s").exit());
        assertEquals(2, CliRun.of("bench", "--prep", "--out", "o").exit());
        assertEquals(2, CliRun.of("bench", "--prep", "--pairs", "0").exit());
        assertEquals(2, CliRun.of("bench", "--prep", "--source", "s", "--target", "t", "--pairs", "10").exit());
    }

    @Test
    void quickstartPreparesItsOutputWithItsRecipeAndRefusesToOverwriteIt() throws IOException {
        // A master of no threads fails as Spark starts, right after the output is prepared, so this stays fast; the
        // whole text pipeline runs in QuickstartMiniatureTest.
        Path out = dir.resolve("qs");
        CliRun run = CliRun.of("quickstart", "--out", out.toString(), "--master", "local[0]", "model.dropout=0.2");
        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("attnspark quickstart: "), run.toString());
        String resolved = Files.readString(out.resolve("resolved.conf"));
        assertTrue(resolved.contains("dropout=0.2") || resolved.contains("dropout = 0.2"), resolved);
        assertTrue(resolved.contains("epochs=3") || resolved.contains("epochs = 3"),
                "conf/recipes/quickstart.conf applies without --conf: " + resolved);

        run = CliRun.of("quickstart", "--out", out.toString());
        assertEquals(List.of("attnspark quickstart: output " + out + " exists (use --overwrite to replace it)"), run.errLines());
        run = CliRun.of("quickstart", "--out", out.toString(), "--overwrite", "--master", "local[0]");
        assertEquals(1, run.exit(), run.toString());
        assertFalse(run.err().contains("exists"), run.toString());
    }

    @Test
    void scoreRefusesAnExistingTextOutputBeforeWritingAnything() throws IOException {
        Path textOut = Files.writeString(dir.resolve("best.txt"), "old\n");
        CliRun run = CliRun.of("score", "--model", dir.toString(), "--input", dir.toString(),
                "--out", dir.resolve("res").toString(), "--text-out", textOut.toString());
        assertEquals(List.of("attnspark score: output " + textOut + " exists (use --overwrite to replace it)"), run.errLines());
        assertFalse(Files.exists(dir.resolve("res")));
    }

    @Test
    void nbestAboveTheBeamIsAUsageError() {
        CliRun run = CliRun.of("score", "--model", dir.toString(), "--input", dir.toString(), "--out", dir.resolve("r").toString(),
                "--beam", "2", "--nbest", "3");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--nbest 3 exceeds the beam width 2 (decode.beam)"), run.toString());
    }

    @Test
    void unexpectedExceptionsAreOneLineWithAHint() {
        assertEquals("IllegalStateException: boom (--verbose shows the stack trace)",
                FailureReport.message(new IllegalStateException("boom\nsecond line"), false));
        assertEquals("wrapped", FailureReport.message(new RuntimeException("outer", new CommandFailure("wrapped")), false));
        assertEquals("input x.txt is empty", FailureReport.message(new io.attnspark.prep.PrepException("input x.txt is empty"), false),
                "prep's failures are meant for the user as they are");
        assertEquals("java.lang.NullPointerException", FailureReport.message(new NullPointerException(), true));
    }
}
