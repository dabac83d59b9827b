package io.attnspark.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Line-aligned source and target sentences held in memory, with a one-line description for reports.
 *
 * @param source      source sentences
 * @param target      target sentences, {@code target.get(i)} the translation of {@code source.get(i)}
 * @param description where the sentences came from
 */
public record ParallelCorpus(List<String> source, List<String> target, String description) {
    public ParallelCorpus {
        source = List.copyOf(source);
        target = List.copyOf(target);
        if (source.size() != target.size()) {
            throw new IllegalArgumentException(description + ": " + source.size() + " source lines but " + target.size() + " target lines");
        }
    }

    /** The number of sentence pairs. */
    public int size() {
        return source.size();
    }

    /** Reads two line-aligned UTF-8 files, plain or gzip-compressed (by a {@code .gz} suffix). */
    public static ParallelCorpus read(Path source, Path target) throws IOException {
        List<String> s = readLines(source);
        List<String> t = readLines(target);
        if (s.size() != t.size()) {
            throw new IllegalArgumentException(source + " has " + s.size() + " lines but " + target + " has " + t.size());
        }
        return new ParallelCorpus(s, t, s.size() + " pairs from " + source + " and " + target);
    }

    private static List<String> readLines(Path path) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
