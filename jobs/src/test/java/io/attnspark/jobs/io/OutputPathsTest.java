package io.attnspark.jobs.io;

import io.attnspark.jobs.cli.CommandFailure;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputPathsTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void newOutputGetsItsParentAndStaysAbsent() {
        java.nio.file.Path out = dir.resolve("a/b/out");
        Path prepared = OutputPaths.prepare(out.toString(), false);
        assertEquals("file", prepared.toUri().getScheme());
        assertTrue(Files.isDirectory(dir.resolve("a/b")));
        assertFalse(Files.exists(out));
    }

    @Test
    void existingOutputIsRefusedWithoutOverwrite() throws IOException {
        java.nio.file.Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "x");
        CommandFailure e = assertThrows(CommandFailure.class, () -> OutputPaths.prepare(out.toString(), false));
        assertEquals("output " + out + " exists (use --overwrite to replace it)", e.getMessage());
        assertTrue(Files.exists(out.resolve("keep.txt")));
    }

    @Test
    void overwriteDeletesTheOldOutput() throws IOException {
        java.nio.file.Path out = Files.createDirectories(dir.resolve("out/sub"));
        Files.writeString(out.resolve("old.txt"), "x");
        OutputPaths.prepare(dir.resolve("out").toUri().toString(), true);
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void overwriteNeverDeletesTheWorkingDirectoryOrItsParents() {
        String cwd = System.getProperty("user.dir");
        CommandFailure e = assertThrows(CommandFailure.class, () -> OutputPaths.prepare(".", true));
        assertTrue(e.getMessage().startsWith("refusing to delete . with --overwrite"), e.getMessage());
        assertThrows(CommandFailure.class, () -> OutputPaths.prepare(new java.io.File(cwd).getParent(), true));
        assertThrows(CommandFailure.class, () -> OutputPaths.prepare("/", true));
        assertTrue(Files.isDirectory(java.nio.file.Path.of(cwd)));
    }

    @Test
    void requireExistingAndWriteText() throws IOException {
        CommandFailure e = assertThrows(CommandFailure.class,
                () -> OutputPaths.requireExisting(dir.resolve("nope").toString(), "model"));
        assertEquals("model " + dir.resolve("nope") + " does not exist", e.getMessage());
        Path written = OutputPaths.writeText(new Path(dir.resolve("d").toUri()), "resolved.conf", "seed = 1\n");
        assertEquals("seed = 1\n", Files.readString(dir.resolve("d/resolved.conf")));
        assertFalse(Files.exists(dir.resolve("d/.resolved.conf.crc")), "no Hadoop checksum file beside it");
        assertTrue(OutputPaths.exists(written.toString()));
        OutputPaths.requireExisting(dir.resolve("d").toString(), "model");
    }
}
