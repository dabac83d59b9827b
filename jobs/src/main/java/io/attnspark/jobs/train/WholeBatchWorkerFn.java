package io.attnspark.jobs.train;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingResult;
import org.deeplearning4j.spark.api.TrainingWorker;
import org.nd4j.linalg.dataset.AsyncMultiDataSetIterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.Iterator;

/**
 * One worker's share of an averaging round: fits the partition's minibatches one by one, each as it is
 * (no merging or splitting), prefetching {@code prefetchNumBatches} of them, and returns the worker's
 * parameters and updater state for averaging. Each fitted minibatch's loss goes to the epoch's {@link EpochLoss}.
 */
final class WholeBatchWorkerFn<R extends TrainingResult> implements FlatMapFunction<Iterator<MultiDataSet>, R> {
    private static final long serialVersionUID = 1L;
    private final TrainingWorker<R> worker;
    private final EpochLoss loss;

    WholeBatchWorkerFn(TrainingWorker<R> worker, EpochLoss loss) {
        this.worker = worker;
        this.loss = loss;
    }

    @Override
    public Iterator<R> call(Iterator<MultiDataSet> partition) {
        if (!partition.hasNext()) {
            return Collections.emptyIterator();
        }
        int prefetch = worker.getDataConfiguration().getPrefetchNumBatches();
        int limit = worker.getDataConfiguration().getMaxBatchesPerWorker();
        MultiDataSetIterator batches = new Elements(partition);
        if (prefetch > 0) {
            batches = new AsyncMultiDataSetIterator(batches, prefetch);
        }
        try {
            ComputationGraph net = worker.getInitialModelGraph();
            int fitted = 0;
            while (batches.hasNext() && (limit <= 0 || fitted < limit)) {
                MultiDataSet next = batches.next();
                fitted++;
                boolean last = !batches.hasNext() || (limit > 0 && fitted == limit);
                R result = worker.processMinibatch(next, net, last);
                loss.fitted(net, next);
                if (result != null) {
                    return Collections.singletonList(result).iterator();
                }
            }
            return Collections.singletonList(worker.getFinalResult(net)).iterator();
        } finally {
            Nd4j.getExecutioner().commit();
            if (batches instanceof AsyncMultiDataSetIterator async) {
                async.shutdown();
            }
        }
    }

    /** The partition's elements as a one-pass iterator. */
    private static final class Elements implements MultiDataSetIterator {
        private static final long serialVersionUID = 1L;
        private final transient Iterator<MultiDataSet> elements;
        private MultiDataSetPreProcessor preProcessor;

        Elements(Iterator<MultiDataSet> elements) {
            this.elements = elements;
        }

        @Override
        public boolean hasNext() {
            return elements.hasNext();
        }

        @Override
        public MultiDataSet next() {
            MultiDataSet next = elements.next();
            if (preProcessor != null) {
                preProcessor.preProcess(next);
            }
            return next;
        }

        @Override
        public MultiDataSet next(int num) {
            throw new UnsupportedOperationException("a partition's minibatches are fitted whole");
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            this.preProcessor = preProcessor;
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return preProcessor;
        }

        @Override
        public boolean resetSupported() {
            return false;
        }

        @Override
        public boolean asyncSupported() {
            return true;
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a partition is read once");
        }
    }
}
