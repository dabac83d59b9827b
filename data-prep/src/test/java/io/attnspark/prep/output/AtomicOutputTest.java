package io.attnspark.prep.output;

import io.attnspark.prep.PrepException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicOutputTest {
    private static final Configuration CONF = new Configuration();
    @TempDir
    Path dir;

    private static void write(AtomicOutput out, String child, String text) throws Exception {
        try (OutputStream o = out.fileSystem().create(out.path(child))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<String> siblings() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void nothingAppearsUntilCommit() throws Exception {
        Path target = dir.resolve("corpus");
        try (AtomicOutput out = AtomicOutput.begin(CONF, target.toString(), false)) {
            write(out, "a.txt", "new");
            assertFalse(Files.exists(target));
            out.commit();
        }
        assertEquals("new", Files.readString(target.resolve("a.txt")));
        assertEquals(List.of("corpus"), siblings());
    }

    @Test
    void failureBeforeCommitLeavesNoTrace() throws Exception {
        Path target = dir.resolve("corpus");
        try (AtomicOutput out = AtomicOutput.begin(CONF, target.toString(), false)) {
            write(out, "a.txt", "half");
        }
        assertEquals(List.of(), siblings());
    }

    @Test
    void existingOutputIsRefusedWithoutOverwriteAndReplacedWithIt() throws Exception {
        Path target = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(target.resolve("old.txt"), "old");
        PrepException e = assertThrows(PrepException.class, () -> AtomicOutput.begin(CONF, target.toString(), false));
        assertTrue(e.getMessage().endsWith("corpus exists; pass --overwrite to replace it"), e.getMessage());
        try (AtomicOutput out = AtomicOutput.begin(CONF, target.toString(), true)) {
            write(out, "a.txt", "new");
            assertEquals("old", Files.readString(target.resolve("old.txt")), "old data stays until the new one is complete");
            out.commit();
        }
        assertFalse(Files.exists(target.resolve("old.txt")));
        assertEquals("new", Files.readString(target.resolve("a.txt")));
        assertEquals(List.of("corpus"), siblings());
    }

    @Test
    void outputThatAppearsMeanwhileIsNotReplaced() throws Exception {
        Path target = dir.resolve("corpus");
        try (AtomicOutput out = AtomicOutput.begin(CONF, target.toString(), false)) {
            write(out, "a.txt", "new");
            Files.createDirectories(target);
            assertThrows(PrepException.class, out::commit);
        }
        assertEquals(List.of("corpus"), siblings());
        assertTrue(Files.list(target).findAny().isEmpty());
    }
}
