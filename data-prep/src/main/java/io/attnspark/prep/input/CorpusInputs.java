package io.attnspark.prep.input;

import io.attnspark.prep.Failures;
import io.attnspark.prep.PrepConfig;
import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;
import io.attnspark.prep.StageTimer;
import io.attnspark.prep.TextPrepRequest;
import io.attnspark.prep.output.FileDigest;
import io.attnspark.prep.output.PrepManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The input files of one request: resolved on the file system, hashed (SHA-256, on driver threads while Spark
 * works), scanned on Spark (line counts, UTF-8, TSV columns; the files are scanned concurrently so that
 * single-partition gzip files keep all cores busy), and read as aligned pairs.
 */
public final class CorpusInputs implements AutoCloseable {
    /** One input file and what it feeds. */
    private record Side(Split split, String side, InputFile file) {
    }

    private final TextPrepRequest request;
    private final List<Side> sides;
    private final ExecutorService pool;
    private final List<Future<String>> hashes = new ArrayList<>();
    private final StageTimer timer;
    private final List<LineFile> scanned = new ArrayList<>();

    private CorpusInputs(TextPrepRequest request, List<Side> sides, StageTimer timer) {
        this.request = request;
        this.sides = sides;
        this.timer = timer;
        this.pool = Executors.newFixedThreadPool(Math.min(4, sides.size()), r -> {
            Thread t = new Thread(r, "prep-inputs");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Resolves every input of {@code request} and starts hashing them.
     *
     * @throws PrepException if an input is missing, ambiguous or empty
     */
    public static CorpusInputs resolve(TextPrepRequest request, Configuration conf, StageTimer timer) {
        InputResolver resolver = new InputResolver(conf);
        List<Side> sides = new ArrayList<>();
        for (Split split : Split.values()) {
            String input = request.input(split);
            if (input == null) {
                continue;
            }
            if (request.format() == TextPrepRequest.Format.TSV) {
                sides.add(new Side(split, "both", resolver.file(input)));
            } else {
                sides.add(new Side(split, "src", resolver.parallelSide(input, request.srcLang())));
                sides.add(new Side(split, "tgt", resolver.parallelSide(input, request.tgtLang())));
            }
        }
        CorpusInputs inputs = new CorpusInputs(request, sides, timer);
        for (Side s : sides) {
            inputs.hashes.add(inputs.pool.submit(() -> {
                long start = System.nanoTime();
                String sha = FileDigest.sha256(conf, s.file().path());
                timer.record("hash-inputs-overlapped", (System.nanoTime() - start) / 1_000_000);
                return sha;
            }));
        }
        return inputs;
    }

    /**
     * Scans every input on Spark and checks that the two sides of each parallel input have the same number of
     * lines.
     *
     * @throws PrepException on invalid UTF-8, a bad TSV line, a file without lines, or differing line counts
     */
    public void scan(JavaSparkContext sc) {
        boolean tsv = request.format() == TextPrepRequest.Format.TSV;
        int minPartitions = Math.max(2, sc.defaultParallelism());
        timer.time("scan-inputs", () -> {
            List<Future<LineFile>> futures = new ArrayList<>();
            for (Side s : sides) {
                futures.add(pool.submit(() -> LineFile.open(sc, s.file(), minPartitions, tsv)));
            }
            for (int i = 0; i < futures.size(); i++) {
                scanned.add(join(futures.get(i), sides.get(i).file().path()));
            }
        });
        if (!tsv) {
            for (int i = 0; i < scanned.size(); i += 2) {
                PairReader.checkSameLength(scanned.get(i), scanned.get(i + 1));
            }
        }
    }

    /**
     * All pairs of all inputs as rows of {@link PairMaker#SCHEMA}: normalised, with their split (valid and test
     * carved from train by a hash of the pair when they have no input of their own).
     */
    public JavaRDD<Row> pairs(JavaSparkContext sc, LineNormalizer normalizer, PrepConfig config) {
        if (scanned.isEmpty()) {
            throw new IllegalStateException("scan() first");
        }
        List<JavaRDD<Row>> parts = new ArrayList<>();
        int f = 0;
        for (Split split : Split.values()) {
            if (request.input(split) == null) {
                continue;
            }
            PairMaker maker = new PairMaker(normalizer, assigner(split, config));
            if (request.format() == TextPrepRequest.Format.TSV) {
                parts.add(PairReader.tsv(scanned.get(f++), maker));
            } else {
                parts.add(PairReader.parallel(scanned.get(f), scanned.get(f + 1), maker, sc.defaultParallelism()));
                f += 2;
            }
        }
        JavaRDD<Row> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.union(parts.get(i));
        }
        return all;
    }

    private SplitAssigner assigner(Split split, PrepConfig config) {
        if (split != Split.TRAIN || (request.valid() != null && request.test() != null)) {
            return SplitAssigner.fixed(split);
        }
        return SplitAssigner.hashed(config.seed(),
                request.valid() == null ? config.split().validFraction() : 0,
                request.test() == null ? config.split().testFraction() : 0);
    }

    /** {@code input} if the split has its own input, {@code hash} if it is carved from train. */
    public Map<Split, String> origins() {
        Map<Split, String> out = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            out.put(s, request.input(s) != null ? "input" : "hash");
        }
        return out;
    }

    /** The manifest entries of the inputs; waits for the hashes. */
    public List<PrepManifest.Input> manifestEntries() {
        List<PrepManifest.Input> out = new ArrayList<>();
        for (int i = 0; i < sides.size(); i++) {
            Side s = sides.get(i);
            out.add(new PrepManifest.Input(s.split().dirName(), s.side(), s.file().path(), s.file().bytes(),
                    join(hashes.get(i), s.file().path()), scanned.get(i).lines()));
        }
        return out;
    }

    private static <T> T join(Future<T> f, String path) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrepException("interrupted while reading the inputs", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PrepException p) {
                throw p;
            }
            throw new PrepException("cannot read " + path + ": " + Failures.oneLine(cause), cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
