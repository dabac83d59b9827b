package io.attnspark.jobs.score;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Captions one partition of {@link ImageRef}s as a stream, {@code decode.batch-size} images at a time, with a
 * {@link ChunkCaptioner} on a graph leased from the JVM's {@link ModelCache} (loaded once per executor task slot,
 * given back when the task ends, however it ends), or on one graph of each model of an ensemble. The images are
 * read and decoded here, on the executor.
 */
final class CaptionPartitionFn implements FlatMapFunction<Iterator<ImageRef>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<List<ModelPayload>> models;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final CaptionOptions options;
    private final int batchSize;
    private final LongAccumulator records;

    /** @param records counts the images captioned, for progress reports */
    CaptionPartitionFn(Broadcast<List<ModelPayload>> models, Broadcast<SerializableConfiguration> hadoop,
                       CaptionOptions options, LongAccumulator records) {
        this.models = models;
        this.hadoop = hadoop;
        this.options = options;
        this.batchSize = options.decode().batchSize();
        this.records = records;
    }

    @Override
    public Iterator<Row> call(Iterator<ImageRef> images) {
        return new Chunks(images);
    }

    private final class Chunks implements Iterator<Row> {
        private final Iterator<ImageRef> images;
        private Iterator<Row> current = Collections.emptyIterator();
        private ChunkCaptioner captioner;

        Chunks(Iterator<ImageRef> images) {
            this.images = images;
        }

        @Override
        public boolean hasNext() {
            if (current.hasNext()) {
                return true;
            }
            if (!images.hasNext()) {
                return false;
            }
            List<ImageRef> chunk = new ArrayList<>(batchSize);
            while (chunk.size() < batchSize && images.hasNext()) {
                chunk.add(images.next());
            }
            current = captioner().caption(chunk).iterator();
            records.add(chunk.size());
            NativeGarbage.JVM.afterChunk(options.nativeGarbageBytes);
            return current.hasNext();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        private ChunkCaptioner captioner() {
            if (captioner == null) {
                List<ModelPayload> payloads = models.value();
                List<ModelCache.Lease> leases = ModelCache.leaseAll(payloads);
                TaskContext task = TaskContext.get();
                if (task != null) {
                    task.addTaskCompletionListener(new TaskCompletionListener() {
                        @Override
                        public void onTaskCompletion(TaskContext context) {
                            leases.forEach(ModelCache.Lease::close);
                        }
                    });
                }
                captioner = new ChunkCaptioner(leases.stream().map(ModelCache.Lease::graph).toList(),
                        payloads.get(0).target(), options, hadoop.value().value());
            }
            return captioner;
        }
    }
}
