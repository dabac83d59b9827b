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
     * Measures the phases asked for ({@code train}, {@code decode}) and returns one line per phase, each the
     * median tokens/s of {@code repeats} timed rounds after {@code warmup} untimed ones; {@code log} hears about
     * every round.
     *
     * @param steps training steps per round (decode rounds are one batch of 16 greedy steps each)
     */
    List<BenchLine> measure(List<String> phases, int warmup, int repeats, int steps, Consumer<String> log);
}
