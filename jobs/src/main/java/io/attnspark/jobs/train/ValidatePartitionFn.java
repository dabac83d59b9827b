package io.attnspark.jobs.train;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.ForcedScore;
import io.attnspark.decode.ForcedScorer;
import io.attnspark.decode.Hypothesis;
import io.attnspark.decode.Translator;
import io.attnspark.jobs.score.ModelCache;
import io.attnspark.jobs.score.ModelPayload;
import io.attnspark.nn.TokenPair;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple3;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Validates one partition of (index, source ids, target ids) with the broadcast model: forced-decoding
 * log-likelihood of every pair, and greedy translations of the pairs whose index is below {@code greedyCount}.
 * The model comes from the executor's {@link ModelCache} (deserialized once per task slot and model).
 */
final class ValidatePartitionFn implements FlatMapFunction<Iterator<Tuple3<Integer, int[], int[]>>, ValidatedPair> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ModelPayload> model;
    private final int batchSize;
    private final int greedyCount;
    private final double maxLengthRatio;
    private final int maxLengthOffset;

    ValidatePartitionFn(Broadcast<ModelPayload> model, int batchSize, int greedyCount, DecodeConfig decode) {
        this.model = model;
        this.batchSize = batchSize;
        this.greedyCount = greedyCount;
        this.maxLengthRatio = decode.maxLengthRatio();
        this.maxLengthOffset = decode.maxLengthOffset();
    }

    @Override
    public Iterator<ValidatedPair> call(Iterator<Tuple3<Integer, int[], int[]>> rows) {
        List<Integer> index = new ArrayList<>();
        List<TokenPair> pairs = new ArrayList<>();
        List<int[]> greedySources = new ArrayList<>();
        while (rows.hasNext()) {
            Tuple3<Integer, int[], int[]> r = rows.next();
            index.add(r._1());
            pairs.add(new TokenPair(r._2(), r._3()));
            if (r._1() < greedyCount) {
                greedySources.add(r._2());
            }
        }
        List<ValidatedPair> out = new ArrayList<>(pairs.size());
        if (pairs.isEmpty()) {
            return out.iterator();
        }
        try (ModelCache.Lease lease = ModelCache.lease(model.value())) {
            List<ForcedScore> scores = new ForcedScorer(lease.graph(), batchSize).score(pairs);
            List<Hypothesis> greedy = greedySources.isEmpty() ? List.of()
                    : new Translator(lease.graph(), new DecodeConfig(1, 0.0, maxLengthRatio, maxLengthOffset, batchSize))
                    .greedy(greedySources);
            int g = 0;
            for (int i = 0; i < pairs.size(); i++) {
                int id = index.get(i);
                Hypothesis h = id < greedyCount ? greedy.get(g++) : null;
                out.add(new ValidatedPair(id, -scores.get(i).total(), h == null ? null : h.tokens(),
                        h == null ? null : h.attention()));
            }
        }
        return out.iterator();
    }
}
