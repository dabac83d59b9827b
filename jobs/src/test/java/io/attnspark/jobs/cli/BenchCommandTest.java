package io.attnspark.jobs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench} end to end on the real RNN benchmark model (decode only, one round, to stay quick), compared
 * with a stand-in reference (/bin/sh running a script that prints a measurement line).
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void measuresOurModelAndPrintsTheRatioToTheReference() throws Exception {
        Path ref = Files.writeString(dir.resolve("ref.sh"), "echo \"rnn decode 100.0\"\n");
        CliRun run = CliRun.of("bench", "--models", "rnn", "--phases", "decode", "--warmup", "0", "--repeats", "1",
                "--compare", "--python", "/bin/sh", "--torch", ref.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("rnn decode [0-9]+\\.[0-9]"), run.toString());
        double ours = Double.parseDouble(lines.get(0).split(" ")[2]);
        assertTrue(ours > 0, run.toString());
        assertEquals("pytorch rnn decode 100.0", lines.get(1));
        // ours is printed to one decimal and the ratio computed from the unrounded figure: compare numerically
        java.util.regex.Matcher ratio = java.util.regex.Pattern.compile(
                "ratio rnn decode ours=([0-9.]+) pytorch=100\\.0 ratio=([0-9.]+) \\(goal >= 1\\.5: (met|not met)\\)")
                .matcher(lines.get(2));
        assertTrue(ratio.matches(), lines.get(2));
        assertEquals(lines.get(0).split(" ")[2], ratio.group(1));
        assertEquals(ours / 100.0, Double.parseDouble(ratio.group(2)), 0.0051, lines.get(2));
        assertEquals(Double.parseDouble(ratio.group(2)) >= 1.5 ? "met" : "not met", ratio.group(3));
        assertTrue(run.err().contains("bench: rnn decode: 0 + 1 greedy decodes of 1024 tokens"), run.toString());
        assertEquals(lines, Files.readAllLines(dir.resolve("out/bench.txt")));
        assertTrue(Files.readString(dir.resolve("out/bench.md")).contains("| rnn | decode | "));
    }

    @Test
    void withoutPytorchItSaysSoAndKeepsOurFigures() throws Exception {
        Path ref = Files.writeString(dir.resolve("ref.sh"), "echo \"ModuleNotFoundError: No module named 'torch'\"\nexit 1\n");
        CliRun run = CliRun.of("bench", "--models", "rnn", "--phases", "decode", "--warmup", "0", "--repeats", "1",
                "--compare", "--python", "/bin/sh", "--torch", ref.toString());
        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("rnn decode "), run.toString());
        assertTrue(lines.contains("pytorch unavailable: the PyTorch reference failed with exit code 1: PyTorch is not "
                + "installed for /bin/sh (ModuleNotFoundError: No module named 'torch'); ours only"), run.toString());
    }
}
