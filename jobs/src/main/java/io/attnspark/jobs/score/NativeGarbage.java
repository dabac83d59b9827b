package io.attnspark.jobs.score;

import org.bytedeco.javacpp.Pointer;

import java.util.function.LongSupplier;

/**
 * Keeps the decoder's off-heap garbage in check. ND4J frees an array's native buffer only when its Java
 * object is collected (and counts none of it, so resident memory is the only measure); decoding allocates
 * many short-lived arrays, some reach the old generation, and a large, mostly empty heap rarely collects it:
 * greedy decoding of 1M lines on local[2] passed 12 GB of resident memory in 5 minutes with an 8 GB heap
 * of which under 1 GB was in use.
 *
 * <p>Every task calls {@link #afterChunk} after each chunk. The first time resident memory has grown by more
 * than the allowance since the first call, a full GC runs (about 0.2 s) and the number of chunks that took is
 * remembered; from then on a full GC runs every that many chunks (JVM-wide, whichever task gets there). After
 * a collection the freed memory stays with the process for reuse, so resident memory no longer shows the
 * garbage: hence the chunk count rather than a second threshold. If resident memory still grows by twice
 * the allowance beyond its level after the last collection (longer sentences, more garbage per chunk), a
 * collection runs at once and the count is measured again.
 */
final class NativeGarbage {
    /** The one instance per JVM, on the process's resident set size. */
    static final NativeGarbage JVM = new NativeGarbage(Pointer::physicalBytes, System::gc);

    private final LongSupplier residentBytes;
    private final Runnable collect;
    private long baseline = -1;
    private long afterLast = -1;
    private int chunksPerCollection = -1;
    private int chunksSince;
    private int collections;

    NativeGarbage(LongSupplier residentBytes, Runnable collect) {
        this.residentBytes = residentBytes;
        this.collect = collect;
    }

    /**
     * Counts one chunk and runs a full GC when it is due; returns whether it ran.
     *
     * @param allowanceBytes resident memory the garbage may add before the first collection; 0 = collect
     *                       after every chunk
     */
    synchronized boolean afterChunk(long allowanceBytes) {
        chunksSince++;
        long now = residentBytes.getAsLong();
        if (baseline < 0) {
            baseline = now;
        }
        boolean due;
        if (allowanceBytes <= 0) {
            due = true;
        } else if (chunksPerCollection < 0) {
            due = now - baseline > allowanceBytes;
            if (due) {
                chunksPerCollection = chunksSince;
            }
        } else if (now - afterLast > 2 * allowanceBytes) {
            due = true;
            chunksPerCollection = Math.max(1, chunksSince / 2);
        } else {
            due = chunksSince >= chunksPerCollection;
        }
        if (!due) {
            return false;
        }
        collect.run();
        collections++;
        chunksSince = 0;
        afterLast = residentBytes.getAsLong();
        return true;
    }

    synchronized int collections() {
        return collections;
    }

    /** Chunks between collections, once measured (-1 before). */
    synchronized int chunksPerCollection() {
        return chunksPerCollection;
    }
}
