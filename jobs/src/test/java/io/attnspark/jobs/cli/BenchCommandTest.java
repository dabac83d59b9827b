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
        assertEquals(String.format(java.util.Locale.ROOT, "ratio rnn decode ours=%.1f pytorch=100.0 ratio=%.2f (goal >= 1.5: %s)",
                ours, ours / 100.0, ours / 100.0 >= 1.5 ? "met" : "not met"), lines.get(2));
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
