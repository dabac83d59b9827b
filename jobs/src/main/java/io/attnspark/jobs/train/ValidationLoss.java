package io.attnspark.jobs.train;

import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.TokenPair;
import io.attnspark.prep.EncodedPair;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

/** Mean cross-entropy per target token (EOS included) of a model on held-out pairs, computed on the driver. */
final class ValidationLoss {
    private final List<MultiDataSet> batches = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private long tokens;

    ValidationLoss(List<EncodedPair> pairs, int batchSize) {
        for (int i = 0; i < pairs.size(); i += batchSize) {
            List<TokenPair> chunk = new ArrayList<>();
            for (EncodedPair p : pairs.subList(i, Math.min(i + batchSize, pairs.size()))) {
                chunk.add(p.toTokenPair());
                tokens += p.tgt().length + 1;
            }
            batches.add(Seq2SeqBatch.of(chunk));
            sizes.add(chunk.size());
        }
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Mean negative log-likelihood per target token (nats); NaN without validation pairs. */
    double perToken(ComputationGraph model) {
        if (batches.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        for (int i = 0; i < batches.size(); i++) {
            // DL4J's score is the masked sum over time steps divided by the number of sentences.
            total += model.score(batches.get(i), false) * sizes.get(i);
        }
        return total / tokens;
    }
}
