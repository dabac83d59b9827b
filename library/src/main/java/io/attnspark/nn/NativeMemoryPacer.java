package io.attnspark.nn;

import java.util.function.LongSupplier;

/**
 * Collects garbage between training steps often enough that ND4J's off-heap arrays are freed while their memory is
 * still warm, at a bounded cost.
 *
 * <p>Without workspaces, an ND4J array's native memory is freed only after the garbage collector has found its
 * Java object unreachable. The Java objects are small, so collections are rare (every 15-20 steps of the benchmark
 * Transformer), and in between every step's working arrays (about 260 MB there) come from memory the process has
 * never touched: the kernel maps and zeroes it page by page, which a profile of Transformer training put at a
 * quarter of all CPU samples, and steps grew from 0.75 to 1.5-2 s between two collections. Collecting after every
 * few steps lets the next steps reuse the freed memory.
 *
 * <p>{@link #stepDone()}, called at the end of every training step's backward pass by the text models' output layer
 * ({@link ScoreReusingOutputLayerImpl}), runs {@code System.gc()} once the time since the last collection it ran
 * reaches {@code pace} times that collection's duration, so collections take at most about 1/pace of the training
 * time: with the 50-110 ms full collections of the benchmark Transformer and pace 50, one every 2.5-5.5 s. {@code -Dattnspark.gc-pace=N} sets the pace (default {@value #DEFAULT_PACE}); 0 turns it off.
 */
public final class NativeMemoryPacer {
    public static final String PROPERTY = "attnspark.gc-pace";
    static final int DEFAULT_PACE = 50;
    private static final long MIN_GC_NANOS = 1_000_000L;
    private static final NativeMemoryPacer JVM = new NativeMemoryPacer(System::nanoTime, System::gc);

    private final LongSupplier clock;
    private final Runnable collector;
    private long lastEnd;
    private long lastDuration = 20_000_000L;
    private long collections;

    NativeMemoryPacer(LongSupplier clock, Runnable collector) {
        this.clock = clock;
        this.collector = collector;
        this.lastEnd = clock.getAsLong();
    }

    /** The end of a training step's backward pass: collects garbage when the pace allows it. */
    public static void stepDone() {
        JVM.step(Integer.getInteger(PROPERTY, DEFAULT_PACE));
    }

    /** Collects when {@code pace} > 0 and the time since the last collection is at least pace times its duration. */
    synchronized boolean step(int pace) {
        if (pace <= 0) {
            return false;
        }
        long start = clock.getAsLong();
        if (start - lastEnd < pace * lastDuration) {
            return false;
        }
        collector.run();
        long end = clock.getAsLong();
        lastDuration = Math.max(end - start, MIN_GC_NANOS);
        lastEnd = end;
        collections++;
        return true;
    }

    /** How many collections this pacer has run. */
    synchronized long count() {
        return collections;
    }
}
