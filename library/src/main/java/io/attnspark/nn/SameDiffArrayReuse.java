package io.attnspark.nn;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reuse of the SameDiff op-output arrays of {@link ExternalErrorsFixedVertex}es from one step to the next.
 *
 * <p>In DL4J 1.0.0-M2, {@code SameDiffGraphVertex.doForward} and {@code doBackward} give the calling thread's
 * {@link InferenceSession} (of the vertex's SameDiff, and of its gradient function "grad") a new
 * {@code DL4JSameDiffMemoryMgr} on every call; without workspaces that manager allocates every op output anew
 * ({@code Nd4j.createUninitializedDetached}) and ignores releases, so each step allocates (and the native side
 * zero-fills) a fresh buffer for every intermediate array. Here the vertex puts a {@link ReusingSession} in the
 * SameDiff's session map before DL4J looks it up; that session answers DL4J's {@code setMmgr} with a
 * per-thread {@link Cache} when DL4J's manager would have allocated detached arrays anyway (no workspace for
 * the working memory nor the outputs).
 *
 * <p>What is recycled: only arrays the session itself releases, i.e. intermediates whose every consumer has run
 * (M2's {@code InferenceSession} never releases placeholders, variables, constants nor the requested outputs).
 * Requested outputs (the activation, the epsilons and parameter gradients DL4J takes) are always freshly
 * allocated: they leave the vertex, and are never released to the cache.
 */
public final class SameDiffArrayReuse {
    /** System property: {@code false} turns reuse off (DL4J's allocation per op output, as before). */
    public static final String PROPERTY = "attnspark.samediff.reuse-arrays";
    /** System property: the most bytes one thread's cache keeps (default a sixteenth of JavaCPP's maxBytes). */
    public static final String BYTES_PROPERTY = "attnspark.samediff.reuse-bytes";

    private static volatile boolean enabled = Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));

    private static final ThreadLocal<Cache> CACHES = ThreadLocal.withInitial(() -> new Cache(defaultMaxBytes()));

    private SameDiffArrayReuse() {
    }

    /** Turns reuse on or off for the SameDiff executions that follow (tests compare both). */
    static void setEnabled(boolean on) {
        enabled = on;
    }

    static boolean isEnabled() {
        return enabled;
    }

    /** The calling thread's cache. */
    static Cache cache() {
        return CACHES.get();
    }

    /** Before DL4J's forward pass: the session of {@code sd} for this thread reuses arrays if it may. */
    static void prepareForward(SameDiff sd, LayerWorkspaceMgr mgr) {
        prepare(sd, detached(mgr, ArrayType.FF_WORKING_MEM, ArrayType.ACTIVATIONS));
    }

    /** Before DL4J's backward pass, with the gradient function {@code grad}. */
    static void prepareBackward(SameDiff grad, LayerWorkspaceMgr mgr) {
        prepare(grad, detached(mgr, ArrayType.BP_WORKING_MEM, ArrayType.ACTIVATION_GRAD));
    }

    /** Whether DL4J's {@code DL4JSameDiffMemoryMgr} for these array types allocates detached arrays only. */
    private static boolean detached(LayerWorkspaceMgr mgr, ArrayType working, ArrayType output) {
        return mgr.getWorkspaceName(working) == null && mgr.getWorkspaceName(output) == null;
    }

    private static void prepare(SameDiff sd, boolean detached) {
        Map<Long, InferenceSession> sessions = sd.getSessions();
        long thread = Thread.currentThread().getId();
        InferenceSession s = sessions.get(thread);
        ReusingSession r;
        if (s instanceof ReusingSession rs) {
            r = rs;
        } else {
            // a session left by doInit (associateArrayWithVariable) or by DL4J holds nothing needed across steps
            r = new ReusingSession(sd);
            sessions.put(thread, r);
        }
        r.reuse = enabled && detached;
    }

    private static long defaultMaxBytes() {
        String p = System.getProperty(BYTES_PROPERTY);
        if (p != null) {
            return Long.parseLong(p.trim());
        }
        long max = Pointer.maxBytes();
        return max > 0 ? max / 16 : 256L << 20;
    }

    /** An inference session that takes the thread's {@link Cache} instead of DL4J's manager when told to. */
    static final class ReusingSession extends InferenceSession {
        private boolean reuse;

        ReusingSession(SameDiff sameDiff) {
            super(sameDiff);
        }

        @Override
        public void setMmgr(SessionMemMgr mmgr) {
            super.setMmgr(reuse ? cache() : mmgr);
        }
    }

    /**
     * Released arrays' buffers, by data type and exact length, handed out again for working arrays of the same
     * type and length (C order, like a fresh allocation); outputs ({@code detached}) and scalars always get new
     * arrays. At most {@code maxBytes} are kept, the least recently released dropped first (to the garbage
     * collector, never closed). Not thread safe: one per thread.
     */
    static final class Cache extends AbstractMemoryMgr {
        private record Entry(DataBuffer buffer, DataType type, long length, long seq) {
        }

        private final long maxBytes;
        private final Map<DataType, Map<Long, ArrayDeque<Entry>>> free = new EnumMap<>(DataType.class);
        private final TreeMap<Long, Entry> byAge = new TreeMap<>();
        private final Set<DataBuffer> held = Collections.newSetFromMap(new IdentityHashMap<>());
        private long bytes;
        private long seq;
        private long hits;
        private long misses;

        Cache(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public INDArray allocate(boolean detached, DataType dataType, long... shape) {
            if (!detached && shape.length > 0) {
                long length = 1;
                for (long d : shape) {
                    length *= d;
                }
                Map<Long, ArrayDeque<Entry>> byLength = free.get(dataType);
                ArrayDeque<Entry> q = byLength == null ? null : byLength.get(length);
                if (q != null) {
                    Entry e = q.pollLast();
                    if (q.isEmpty()) {
                        byLength.remove(length);
                    }
                    byAge.remove(e.seq());
                    held.remove(e.buffer());
                    bytes -= length * dataType.width();
                    hits++;
                    return Nd4j.create(e.buffer(), shape);
                }
                misses++;
            }
            return Nd4j.createUninitializedDetached(dataType, shape);
        }

        @Override
        public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
            if (descriptor.isEmpty()) {
                INDArray ret = Nd4j.create(descriptor);
                return detached ? ret.detach() : ret;
            }
            return allocate(detached, descriptor.dataType(), descriptor.getShape());
        }

        @Override
        public void release(INDArray array) {
            if (array == null || array.isEmpty() || array.rank() == 0 || array.isAttached()) {
                return;
            }
            DataBuffer b = array.data();
            DataType type = array.dataType();
            if (b == null || b.wasClosed() || b.originalDataBuffer() != null || b.dataType() != type
                    || type == DataType.UTF8 || type == DataType.COMPRESSED || array.offset() != 0
                    || b.length() != array.length()) {
                return;                                  // only whole, unshared buffers
            }
            long size = b.length() * type.width();
            if (size > maxBytes || !held.add(b)) {
                return;                                  // too large, or released twice
            }
            while (bytes + size > maxBytes) {
                Entry old = byAge.pollFirstEntry().getValue();
                Map<Long, ArrayDeque<Entry>> byLength = free.get(old.type());
                ArrayDeque<Entry> q = byLength.get(old.length());
                q.pollFirst();                           // the oldest of its length: each deque is in age order
                if (q.isEmpty()) {
                    byLength.remove(old.length());
                }
                held.remove(old.buffer());
                bytes -= old.length() * old.type().width();
            }
            Entry e = new Entry(b, type, b.length(), ++seq);
            byAge.put(e.seq(), e);
            free.computeIfAbsent(type, t -> new HashMap<>()).computeIfAbsent(e.length(), l -> new ArrayDeque<>())
                    .addLast(e);
            bytes += size;
        }

        @Override
        public void close() {
            free.clear();
            byAge.clear();
            held.clear();
            bytes = 0;
        }

        long hits() {
            return hits;
        }

        long misses() {
            return misses;
        }

        long bytes() {
            return bytes;
        }
    }
}
