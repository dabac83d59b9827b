package io.attnspark.jobs.bench;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.spark.SparkSettings;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.train.TrainConfig;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The model and parameter-averaging benchmarks behind {@code attnspark bench}. */
public final class BenchRun {
    /** The benchmark models, each configured by {@code conf/bench/<name>.conf}. */
    public static final List<String> MODELS = List.of("transformer", "rnn");

    private BenchRun() {
    }

    /** Runs {@code request}: measurement lines to {@code out}, progress to {@code err}. */
    public static void run(BenchRunRequest request, PrintWriter out, PrintWriter err) throws Exception {
        setThreads(request.threads());
        err.printf(Locale.ROOT, "bench: ND4J %s, %s; %d warm-up + %d timed steps%n",
                Nd4j.getBackend().getClass().getSimpleName(), threads(), request.warmup(), request.repeats());
        err.flush();
        List<String> report = new ArrayList<>();
        String table;
        if (request.cluster()) {
            table = cluster(request, out, err, report);
        } else if (request.spark()) {
            table = spark(request, out, err, report);
        } else {
            table = models(request, out, err, report);
        }
        if (request.out() != null) {
            Files.createDirectories(request.out());
            Files.write(request.out().resolve("bench.txt"), report, StandardCharsets.UTF_8);
            Files.writeString(request.out().resolve("bench.md"), table, StandardCharsets.UTF_8);
            err.println("bench: wrote " + request.out().resolve("bench.md") + " and bench.txt");
            err.flush();
        }
    }

    private static String models(BenchRunRequest request, PrintWriter out, PrintWriter err, List<String> report)
            throws Exception {
        List<BenchLine> ours = new ArrayList<>();
        for (String name : request.models()) {
            ModelBenchmark bench = benchmark(name, benchConfig(name));
            for (BenchLine line : bench.measure(request.phases(), request.warmup(), request.repeats(),
                    msg -> {
                        err.println("bench: " + msg);
                        err.flush();
                    })) {
                ours.add(line);
                emit(out, report, line.format());
            }
        }
        List<BenchLine> reference = List.of();
        if (request.compare()) {
            err.println("bench: running the PyTorch reference: " + request.python() + " " + request.torchScript());
            err.flush();
            TorchReference.Outcome torch = new TorchReference(request.python(), request.torchScript(), 3600)
                    .run(request.models(), request.threads(), Math.max(request.repeats(), 10),
                            line -> emit(out, report, "pytorch " + line));
            if (!torch.available()) {
                emit(out, report, "pytorch unavailable: " + torch.unavailable() + "; ours only");
            }
            reference = torch.lines();
        }
        RatioTable table = new RatioTable(ours, reference);
        if (!reference.isEmpty()) {
            for (RatioTable.Row row : table.rows()) {
                emit(out, report, "ratio " + row.format());
            }
        }
        return table.markdown();
    }

    private static String spark(BenchRunRequest request, PrintWriter out, PrintWriter err, List<String> report)
            throws Exception {
        AttnsparkConfig config = request.context().config();
        RnnAttentionConfig model = RnnAttentionConfig.fromConfig(config.section("model"));
        TrainConfig train = TrainConfig.fromConfig(config.section("train"));
        SparkSettings settings = SparkSettings.from(config);
        int vocab = 8000;
        err.printf(Locale.ROOT, "bench: parameter averaging vs one machine: %d minibatches of %d pairs x 16 tokens, "
                        + "vocabulary %d, %d workers averaging every %d minibatches, master %s%n", request.batches(),
                train.batchSize(), vocab, settings.workers(), settings.averagingFrequency(),
                request.context().masterOverride().orElse(settings.master()));
        err.flush();
        int perWorker = Math.max(1, request.threads() / settings.workers());
        SparkSession session = request.context().startSpark();
        AveragingOverhead.Result r;
        try {
            r = AveragingOverhead.measure(JavaSparkContext.fromSparkContext(session.sparkContext()), model, train,
                    settings.workers(), settings.averagingFrequency(), request.batches(), vocab, 16,
                    config.config().getLong("seed"), () -> {
                        setThreads(perWorker);
                        err.println("bench: parameter averaging, each worker's ops with " + threads());
                        err.flush();
                    });
        } finally {
            session.stop();
        }
        emit(out, report, String.format(Locale.ROOT, "spark single_machine_train %.1f", r.local()));
        emit(out, report, String.format(Locale.ROOT, "spark averaging_train %.1f", r.spark()));
        emit(out, report, String.format(Locale.ROOT, "spark averaging_over_single_machine %.2f", r.ratio()));
        return String.format(Locale.ROOT, "| training | target tokens/s |%n|---|---:|%n| one machine | %.1f |%n"
                        + "| parameter averaging, %d workers | %.1f |%n| ratio | %.2f |%n", r.local(), r.workers(),
                r.spark(), r.ratio());
    }

    private static String cluster(BenchRunRequest request, PrintWriter out, PrintWriter err, List<String> report)
            throws Exception {
        AttnsparkConfig config = request.context().config();
        RnnAttentionConfig model = RnnAttentionConfig.fromConfig(config.section("model"));
        TrainConfig train = TrainConfig.fromConfig(config.section("train"));
        SparkSettings settings = SparkSettings.from(config);
        int vocab = 8000;
        err.printf(Locale.ROOT, "bench: standalone clusters of 1 and 2 single-core workers: %d minibatches of %d pairs "
                        + "x 16 tokens, vocabulary %d, averaging every %d minibatches%n", request.batches(),
                train.batchSize(), vocab, settings.averagingFrequency());
        err.flush();
        ClusterScaling.Result r = ClusterScaling.measure(model, train, settings, request.batches(), vocab,
                config.config().getLong("seed"), err);
        emit(out, report, String.format(Locale.ROOT, "cluster one_executor_train %.1f", r.one()));
        emit(out, report, String.format(Locale.ROOT, "cluster two_executors_train %.1f", r.two()));
        emit(out, report, String.format(Locale.ROOT, "cluster two_over_one %.2f (goal >= 1.8)", r.speedup()));
        return String.format(Locale.ROOT, "| standalone cluster, parameter averaging | target tokens/s |%n|---|---:|%n"
                + "| 1 executor x 1 core | %.1f |%n| 2 executors x 1 core | %.1f |%n| speed-up | %.2f |%n",
                r.one(), r.two(), r.speedup());
    }

    /** Native threads per op: libnd4j's own parallel loops and the BLAS. */
    private static void setThreads(int n) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }

    private static String threads() {
        return String.format(Locale.ROOT, "%d threads per op (BLAS %d)", Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getMaxThreads());
    }

    private static void emit(PrintWriter out, List<String> report, String line) {
        out.println(line);
        out.flush();
        report.add(line);
    }

    /** The model's benchmark configuration: the defaults &lt;- {@code conf/bench/<name>.conf}. */
    public static AttnsparkConfig benchConfig(String name) {
        String resource = "attnspark/conf/bench/" + name + ".conf";
        try (InputStream in = BenchRun.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the benchmark configuration " + resource + " is missing from the classpath");
            }
            return AttnsparkConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "conf/bench/" + name + ".conf");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static ModelBenchmark benchmark(String name, AttnsparkConfig config) {
        return switch (name) {
            case "rnn" -> new RnnBenchmark(config);
            case "transformer" -> new TransformerBenchmark(config);
            default -> throw new IllegalArgumentException("no benchmark model '" + name + "' (known: " + MODELS + ")");
        };
    }
}
