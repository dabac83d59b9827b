package io.attnspark.jobs.score;

import org.bytedeco.javacpp.Pointer;

import java.util.function.LongSupplier;

/**
 * Keeps the decoder's off-heap garbage in check. ND4J frees an array's native buffer only when its Java
 * object is collected; decoding allocates many short-lived arrays, some of which reach the old generation,
 * and a large heap that holds little rarely collects it, so resident memory grows without bound (greedy
 * decoding of 1M lines on local[2] passed 12 GB in 5 minutes with an 8 GB heap of which under 1 GB was used).
 * After each chunk a task calls {@link #collectIfGrown}: when the process's resident memory has grown by more
 * than the allowance since the last collection, one full GC runs (one at a time per JVM, about 0.2 s).
 */
final class NativeGarbage {
    /** The one instance per JVM, on the process's resident set size. */
    static final NativeGarbage JVM = new NativeGarbage(Pointer::physicalBytes, System::gc);

    private final LongSupplier residentBytes;
    private final Runnable collect;
    private long baseline = -1;
    private int collections;

    NativeGarbage(LongSupplier residentBytes, Runnable collect) {
        this.residentBytes = residentBytes;
        this.collect = collect;
    }

    /**
     * Runs a full GC if resident memory exceeds the level after the last one (or the first call) by more than
     * {@code allowanceBytes}; returns whether it did.
     */
    synchronized boolean collectIfGrown(long allowanceBytes) {
        long now = residentBytes.getAsLong();
        if (baseline < 0) {
            baseline = now;
        }
        if (now - baseline <= allowanceBytes && allowanceBytes > 0) {
            return false;
        }
        collect.run();
        collections++;
        baseline = Math.min(now, residentBytes.getAsLong());
        return true;
    }

    synchronized int collections() {
        return collections;
    }
}
