package io.attnspark.text;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A micro-benchmark, not a test (surefire does not pick it up): single-thread throughput of
 * normalise + tokenize + BPE-apply over a parallel corpus, in sentence pairs per second of the thread's
 * CPU time (wall time is printed too, but on a shared machine it mostly measures the neighbours).
 *
 * <pre>
 * mvn -B -q -o -pl library -am test-compile
 * java -cp library/target/classes:library/target/test-classes io.attnspark.text.TextPipelineThroughput \
 *     SOURCE.gz TARGET.gz [merges]
 * </pre>
 */
public final class TextPipelineThroughput {
    private TextPipelineThroughput() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: TextPipelineThroughput SOURCE.gz TARGET.gz [merges]");
        }
        int merges = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        List<String> source = read(args[0]);
        List<String> target = read(args[1]);
        if (source.size() != target.size()) {
            throw new IllegalArgumentException(args[0] + " has " + source.size() + " lines but " + args[1] + " has " + target.size());
        }
        TextNormalizer normalizer = new TextNormalizer("NFKC", false);
        Tokenizer tokenizer = new Tokenizer();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        BpeCodes sourceBpe = BpeLearner.learn(wordCounts(source, normalizer, tokenizer), merges);
        BpeCodes targetBpe = BpeLearner.learn(wordCounts(target, normalizer, tokenizer), merges);
        System.out.printf("learned %d + %d merges in %.2f s wall, %.2f s cpu%n", sourceBpe.size(), targetBpe.size(),
                (System.nanoTime() - t0) / 1e9, (threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
        for (int pass = 1; pass <= 5; pass++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long pieces = 0;
            for (int i = 0; i < source.size(); i++) {
                pieces += sourceBpe.apply(tokenizer.tokenize(normalizer.normalize(source.get(i)))).size();
                pieces += targetBpe.apply(tokenizer.tokenize(normalizer.normalize(target.get(i)))).size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("pass %d%s: %d pairs, %d pieces in %.3f s wall, %.3f s cpu = %,.0f pairs/s of one core's cpu time%n", pass,
                    pass == 1 ? " (BPE cache cold)" : "", source.size(), pieces, seconds, cpu, source.size() / cpu);
        }
    }

    private static Map<String, Long> wordCounts(List<String> lines, TextNormalizer normalizer, Tokenizer tokenizer) {
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines) {
            for (String token : tokenizer.tokenize(normalizer.normalize(line))) {
                counts.merge(token, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static List<String> read(String path) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(new FileInputStream(path)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
