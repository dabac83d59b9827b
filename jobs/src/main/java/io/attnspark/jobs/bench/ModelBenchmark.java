package io.attnspark.jobs.bench;

import java.util.List;
import java.util.function.Consumer;

/**
 * One benchmark model of {@code attnspark bench}, built from the project's own model classes (the ones the
 * jobs train) at the reference shapes: batch 64 x 16 tokens, vocabulary 8000, float32, Adam.
 */
public interface ModelBenchmark {
    /** The name printed first on its lines, as the PyTorch reference names the same model. */
    String name();

    /**
     * Measures the phases asked for ({@code train}: one fit per step; {@code decode}: one greedy decode of the
     * batch, 16 steps, per step) and returns one line per phase, each the median tokens/s of {@code repeats}
     * timed steps after {@code warmup} untimed ones; {@code log} hears what is being measured.
     */
    List<BenchLine> measure(List<String> phases, int warmup, int repeats, Consumer<String> log);
}
