package io.attnspark.prep.captions;

import io.attnspark.prep.PrepException;
import io.attnspark.prep.TestFiles;
import io.attnspark.prep.input.WholeTextFile;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WholeTextFileTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8WithoutTheByteOrderMark() throws Exception {
        Path f = TestFiles.writeBytes(dir.resolve("c.txt"), "\uFEFFa.jpg#0\tCaf\u00e9\n".getBytes(StandardCharsets.UTF_8));
        WholeTextFile w = WholeTextFile.read(new Configuration(), f.toString(), "captions");
        assertEquals("a.jpg#0\tCaf\u00e9\n", w.text());
        assertEquals(3 + 7 + 1 + 3 + 2 + 1, w.bytes(), "BOM, name, tab, Caf, two-byte e-acute, newline");
        assertEquals("file:" + f, w.path());
        assertEquals(64, w.sha256().length());
    }

    @Test
    void missingEmptyAndInvalidFilesAreOneLineNamingTheFile() throws Exception {
        Configuration conf = new Configuration();
        Path missing = dir.resolve("nope.txt");
        assertEquals("captions file not found: " + missing,
                assertThrows(PrepException.class, () -> WholeTextFile.read(conf, missing.toString(), "captions")).getMessage());
        Path empty = TestFiles.writeBytes(dir.resolve("empty.txt"), new byte[0]);
        assertEquals("train list file file:" + empty + " is empty",
                assertThrows(PrepException.class, () -> WholeTextFile.read(conf, empty.toString(), "train list")).getMessage());
        byte[] bad = "ok\r\nfine\rstill fine\nbad \u00ff here\n".getBytes(StandardCharsets.ISO_8859_1);
        Path invalid = TestFiles.writeBytes(dir.resolve("bad.txt"), bad);
        assertEquals("file:" + invalid + ": line 4 is not valid UTF-8",
                assertThrows(PrepException.class, () -> WholeTextFile.read(conf, invalid.toString(), "captions")).getMessage());
    }
}
