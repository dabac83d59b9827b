package io.attnspark.jobs.train;

import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.TokenPair;
import io.attnspark.prep.EncodedPair;
import org.apache.spark.api.java.function.Function;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

/** A chunk of pairs as the minibatch the model trains on (see {@link Seq2SeqBatch}). */
final class ChunkToBatchFn implements Function<EncodedPair[], MultiDataSet> {
    private static final long serialVersionUID = 1L;

    @Override
    public MultiDataSet call(EncodedPair[] chunk) {
        List<TokenPair> pairs = new ArrayList<>(chunk.length);
        for (EncodedPair p : chunk) {
            pairs.add(p.toTokenPair());
        }
        return Seq2SeqBatch.of(pairs);
    }
}
