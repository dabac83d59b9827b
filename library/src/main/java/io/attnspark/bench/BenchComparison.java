package io.attnspark.bench;

import io.attnspark.nn.RnnImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several {@link RnnTrainBench}es timed interleaved in one JVM: after warm-up, each repetition runs one step
 * of every model in turn, so machine noise (other processes, frequency changes) hits all of them alike;
 * the medians are compared.
 */
public final class BenchComparison {
    private BenchComparison() {
    }

    /**
     * Median throughputs of one model.
     *
     * @param label                 the model's label
     * @param trainTokensPerSecond  target tokens per second of fit()
     * @param decodeTokensPerSecond tokens per second of greedy decoding
     */
    public record Result(String label, double trainTokensPerSecond, double decodeTokensPerSecond) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s train %7.0f tok/s   greedy decode %7.0f tok/s", label,
                    trainTokensPerSecond, decodeTokensPerSecond);
        }
    }

    /**
     * Runs {@code warmup} untimed and then {@code reps} timed training steps and greedy decodes of every
     * bench, interleaved, and returns the medians in the order given.
     */
    public static List<Result> run(List<RnnTrainBench> benches, int warmup, int reps) {
        if (benches.isEmpty() || warmup < 0 || reps < 1) {
            throw new IllegalArgumentException("need at least one model, warmup >= 0 and reps >= 1, got "
                    + benches.size() + ", " + warmup + ", " + reps);
        }
        int n = benches.size();
        double[][] train = new double[n][reps];
        double[][] decode = new double[n][reps];
        for (int i = 0; i < warmup; i++) {
            for (RnnTrainBench b : benches) {
                b.trainStepSeconds();
                b.decodeStepSeconds();
            }
        }
        for (int r = 0; r < reps; r++) {
            for (int m = 0; m < n; m++) {
                train[m][r] = benches.get(m).trainStepSeconds();
            }
            for (int m = 0; m < n; m++) {
                decode[m][r] = benches.get(m).decodeStepSeconds();
            }
        }
        List<Result> out = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            RnnTrainBench b = benches.get(m);
            out.add(new Result(b.label(), b.shape().trainTokensPerStep() / RnnTrainBench.median(train[m]),
                    b.shape().decodeTokensPerStep() / RnnTrainBench.median(decode[m])));
        }
        return out;
    }

    /**
     * The comparison of issues #4 and #8: DL4J's LSTM against the fused LSTM (and the fused GRU) on
     * {@link BenchShape#standard()} and {@link RnnTrainBench#standardModel}. Arguments: [warmup [reps]],
     * default 3 and 7.
     */
    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        BenchShape shape = BenchShape.standard();
        List<RnnTrainBench> benches = List.of(
                RnnTrainBench.of("dl4j", RnnTrainBench.standardModel(RnnImpl.DL4J), shape, 1e-3, 7),
                RnnTrainBench.of("fused", RnnTrainBench.standardModel(RnnImpl.FUSED), shape, 1e-3, 7),
                RnnTrainBench.of("gru", RnnTrainBench.standardModel(RnnImpl.FUSED)
                        .withCells(io.attnspark.nn.RnnCell.GRU, io.attnspark.nn.RnnCell.GRU), shape, 1e-3, 7));
        System.out.println("shape " + shape + ", warm-up " + warmup + ", timed " + reps + " (medians)");
        for (Result r : run(benches, warmup, reps)) {
            System.out.println(r);
        }
    }
}
