package io.attnspark.decode;

import io.attnspark.nn.LengthBatcher;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forced decoding: the log-probability of given targets under the model, by one teacher-forced pass of
 * the whole graph per batch (the same probabilities as step-wise decoding, see StepDecoderTest).
 * Probabilities are float32; one below 1e-45 gives log P = -inf.
 */
public final class ForcedScorer {
    private final ComputationGraph graph;
    private final int batchSize;

    public ForcedScorer(ComputationGraph graph, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.graph = graph;
        this.batchSize = batchSize;
    }

    /** One score per pair (targets without BOS/EOS; EOS is scored too), in input order. */
    public List<ForcedScore> score(List<TokenPair> pairs) {
        ForcedScore[] out = new ForcedScore[pairs.size()];
        for (int[] batch : LengthBatcher.byCount(LengthBatcher.pairLengths(pairs), batchSize)) {
            List<TokenPair> part = LengthBatcher.select(pairs, batch);
            MultiDataSet mds = Seq2SeqBatch.of(part, graph.getConfiguration().getDataType());
            INDArray probs = graph.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0]; // [n, V, T]
            for (int j = 0; j < batch.length; j++) {
                int[] tgt = part.get(j).target();
                double[] per = new double[tgt.length + 1];
                for (int t = 0; t <= tgt.length; t++) {
                    int id = t < tgt.length ? tgt[t] : SpecialTokens.EOS;
                    per[t] = Math.log(probs.getDouble(j, id, t));
                }
                out[batch[j]] = new ForcedScore(Arrays.stream(per).sum(), per);
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }
}
