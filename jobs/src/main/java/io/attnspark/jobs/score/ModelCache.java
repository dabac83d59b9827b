package io.attnspark.jobs.score;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The graphs of an executor JVM, kept across tasks and jobs. A graph is not thread-safe, so each running
 * task leases its own: a JVM running k tasks at once deserializes k graphs the first time and then reuses
 * them for every later partition and job of the same model (same {@link ModelPayload#key()}). Leasing
 * another model drops the idle graphs of the previous ones.
 */
public final class ModelCache {
    private static final Map<String, Pool> POOLS = new ConcurrentHashMap<>();

    private ModelCache() {
    }

    /** A graph of {@code model} for the calling task alone; {@link Lease#close()} gives it back. */
    public static Lease lease(ModelPayload model) {
        return lease(model, Set.of(model.key()));
    }

    /**
     * A graph of each of {@code models} (an ensemble) for the calling task alone, in their order; idle graphs of
     * other models are dropped, those of these models kept.
     */
    public static List<Lease> leaseAll(List<ModelPayload> models) {
        Set<String> keys = models.stream().map(ModelPayload::key).collect(Collectors.toSet());
        List<Lease> out = new ArrayList<>(models.size());
        for (ModelPayload m : models) {
            out.add(lease(m, keys));
        }
        return out;
    }

    private static Lease lease(ModelPayload model, Set<String> keep) {
        Pool pool = POOLS.computeIfAbsent(model.key(), k -> new Pool());
        // Idle graphs of other models are dropped (their memory is what matters); their pools, a queue and a
        // count each, stay, so a task of another model that still runs (a cancelled task finishing, a second
        // job) never resets this model's count or loses its leased graphs' way back.
        POOLS.forEach((key, other) -> {
            if (!keep.contains(key)) {
                other.idle.clear();
            }
        });
        ComputationGraph graph = pool.idle.poll();
        if (graph == null) {
            graph = load(model.graphBytes());
            pool.loads.incrementAndGet();
        }
        return new Lease(pool, graph);
    }

    /** Graphs deserialized in this JVM for the model {@code key} so far. */
    static int loads(String key) {
        Pool pool = POOLS.get(key);
        return pool == null ? 0 : pool.loads.get();
    }

    private static ComputationGraph load(byte[] bytes) {
        try {
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broadcast model: " + e.getMessage(), e);
        }
    }

    private static final class Pool {
        final Queue<ComputationGraph> idle = new ConcurrentLinkedQueue<>();
        final AtomicInteger loads = new AtomicInteger();
    }

    /** One task's use of a graph. */
    public static final class Lease implements AutoCloseable {
        private final Pool pool;
        private ComputationGraph graph;

        private Lease(Pool pool, ComputationGraph graph) {
            this.pool = pool;
            this.graph = graph;
        }

        public ComputationGraph graph() {
            if (graph == null) {
                throw new IllegalStateException("lease already returned");
            }
            return graph;
        }

        /** Returns the graph to its pool; idempotent. */
        @Override
        public void close() {
            if (graph != null) {
                pool.idle.add(graph);
                graph = null;
            }
        }
    }
}
