package io.attnspark.prep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Small input files for tests. */
public final class TestFiles {
    private TestFiles() {
    }

    /** Writes {@code lines}, each followed by {@code \n}; gzip-compressed if the name ends in {@code .gz}. */
    public static Path write(Path file, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        return writeBytes(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static Path writeBytes(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
        return file;
    }
}
