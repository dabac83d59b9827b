package io.attnspark.jobs.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference run, with /bin/sh standing in for Python and shell scripts for the reference script. */
class TorchReferenceTest {
    private static final Path SH = Path.of("/bin/sh");

    @TempDir
    Path dir;

    @Test
    void collectsMeasurementLinesAndPassesThreadsStepsAndModels() throws Exception {
        Path script = Files.writeString(dir.resolve("ref.sh"),
                "echo \"args $*\"\necho 'rnn train 703.5'\necho 'some warning line'\necho 'rnn decode 1202'\n");
        List<String> echoed = new ArrayList<>();
        TorchReference.Outcome o = new TorchReference(SH, script, 60).run(List.of("rnn", "transformer"), 2, 7, echoed::add);
        assertTrue(o.available(), o.unavailable());
        assertEquals(List.of(new BenchLine("rnn", "train", 703.5), new BenchLine("rnn", "decode", 1202)), o.lines());
        assertEquals("args --threads 2 --steps 7 --models rnn,transformer", echoed.get(0));
        assertEquals(4, echoed.size());
    }

    @Test
    void missingTorchIsReportedNotThrown() throws Exception {
        Path script = Files.writeString(dir.resolve("ref.sh"),
                "echo 'Traceback (most recent call last):' >&2\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        TorchReference.Outcome o = new TorchReference(SH, script, 60).run(List.of("rnn"), 2, 5, l -> { });
        assertFalse(o.available());
        assertTrue(o.unavailable().startsWith("the PyTorch reference failed with exit code 1: PyTorch is not installed for /bin/sh"),
                o.unavailable());
        assertTrue(o.lines().isEmpty());
    }

    @Test
    void missingInterpreterOrScriptIsNamed() throws Exception {
        Path script = Files.writeString(dir.resolve("ref.sh"), "echo 'rnn train 1'\n");
        TorchReference.Outcome noPython = new TorchReference(dir.resolve("python9"), script, 60).run(List.of("rnn"), 1, 1, l -> { });
        assertEquals("no Python interpreter at " + dir.resolve("python9") + " (give --python PATH)", noPython.unavailable());
        TorchReference.Outcome noScript = new TorchReference(SH, dir.resolve("nope.py"), 60).run(List.of("rnn"), 1, 1, l -> { });
        assertEquals("no PyTorch reference script at " + dir.resolve("nope.py") + " (give --torch PATH)", noScript.unavailable());
    }

    @Test
    void aHangingReferenceIsStoppedAtTheTimeout() throws Exception {
        Path script = Files.writeString(dir.resolve("ref.sh"), "echo 'rnn train 5'\nsleep 30\n");
        long start = System.nanoTime();
        TorchReference.Outcome o = new TorchReference(SH, script, 1).run(List.of("rnn"), 1, 1, l -> { });
        assertTrue((System.nanoTime() - start) / 1e9 < 20);
        assertEquals("the PyTorch reference did not finish within 1 s", o.unavailable());
        assertEquals(List.of(new BenchLine("rnn", "train", 5)), o.lines());
    }
}
