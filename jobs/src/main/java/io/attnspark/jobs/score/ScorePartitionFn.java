package io.attnspark.jobs.score;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Scores one partition as a stream: reads {@code score.chunk-size} records, scores them with a
 * {@link ChunkScorer} on a graph leased from the JVM's {@link ModelCache}, hands their rows on in input
 * order, then reads the next chunk. At most one chunk of the partition is in memory, and the decoder's
 * off-heap garbage is bounded by {@link NativeGarbage}. The graph goes back to the cache when the task ends,
 * however it ends.
 */
final class ScorePartitionFn implements FlatMapFunction<Iterator<ScoreInput>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ModelPayload> model;
    private final ScoreOptions options;
    private final LongAccumulator records;

    /** @param records counts the records scored, for progress reports */
    ScorePartitionFn(Broadcast<ModelPayload> model, ScoreOptions options, LongAccumulator records) {
        this.model = model;
        this.options = options;
        this.records = records;
    }

    @Override
    public Iterator<Row> call(Iterator<ScoreInput> inputs) {
        return new Chunks(inputs);
    }

    private final class Chunks implements Iterator<Row> {
        private final Iterator<ScoreInput> inputs;
        private Iterator<ScoreResult> current = Collections.emptyIterator();
        private ChunkScorer scorer;

        Chunks(Iterator<ScoreInput> inputs) {
            this.inputs = inputs;
        }

        @Override
        public boolean hasNext() {
            if (current.hasNext()) {
                return true;
            }
            if (!inputs.hasNext()) {
                return false;
            }
            List<ScoreInput> chunk = new ArrayList<>(Math.min(options.chunkSize(), 65_536));
            while (chunk.size() < options.chunkSize() && inputs.hasNext()) {
                chunk.add(inputs.next());
            }
            current = scorer().score(chunk).iterator();
            records.add(chunk.size());
            NativeGarbage.JVM.afterChunk(options.nativeGarbageBytes());
            return current.hasNext();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next().toRow();
        }

        /** The scorer of this task, on a graph leased at first use (an empty partition loads nothing). */
        private ChunkScorer scorer() {
            if (scorer == null) {
                ModelPayload payload = model.value();
                ModelCache.Lease lease = ModelCache.lease(payload);
                TaskContext task = TaskContext.get();
                if (task != null) {
                    task.addTaskCompletionListener(new ReturnLease(lease));
                }
                scorer = new ChunkScorer(lease.graph(), payload.source(), payload.target(), options);
            }
            return scorer;
        }
    }

    /** Gives the task's graph back to the cache when the task completes or fails. */
    private static final class ReturnLease implements TaskCompletionListener {
        private final ModelCache.Lease lease;

        ReturnLease(ModelCache.Lease lease) {
            this.lease = lease;
        }

        @Override
        public void onTaskCompletion(TaskContext context) {
            lease.close();
        }
    }
}
