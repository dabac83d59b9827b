package io.attnspark.jobs.train;

import io.attnspark.prep.EncodedPair;
import io.attnspark.train.TrainConfig;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the training pairs become minibatches: fixed size, or within a token budget. */
class MinibatchPlanTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start("minibatch-plan");
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    /** {@code n} pairs with ids 0..n-1, lengths 1..maxLength, the first token of each side = id. */
    private static List<EncodedPair> pairs(int n, int maxLength, long seed) {
        Random random = new Random(seed);
        List<EncodedPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] src = new int[1 + random.nextInt(maxLength)];
            int[] tgt = new int[1 + random.nextInt(maxLength)];
            src[0] = i + 4;
            tgt[0] = i + 4;
            out.add(new EncodedPair(i, src, tgt));
        }
        return out;
    }

    @Test
    void tokenBudgetKeepsEveryPairOnceWithinTheBudgetAndTheCap() {
        TrainConfig train = new TrainConfig(1, 16, 0.01, 1.0, 25).withBatchTokens(60);
        List<EncodedPair> pairs = pairs(300, 30, 1);
        MinibatchPlan plan = MinibatchPlan.of(sc, sc.parallelize(pairs, 3), train);
        try {
            long tooLong = pairs.stream().filter(p -> p.tgt().length > 25).count();
            assertEquals(tooLong, plan.tooLong());
            assertEquals(300 - tooLong, plan.pairs());
            assertEquals(0, plan.repeated());
            List<MultiDataSet> batches = plan.batches().collect();
            assertEquals(plan.count(), batches.size());
            Set<Integer> seen = new HashSet<>();
            Set<Long> sizes = new HashSet<>();
            for (MultiDataSet b : batches) {
                long rows = b.getFeatures(0).size(0);
                long time = Math.max(b.getFeatures(0).size(2), b.getLabels(0).size(2));
                assertTrue(rows <= 16, "at most train.batch-size pairs: " + rows);
                assertTrue(rows == 1 || rows * time <= 60, rows + " pairs x " + time + " positions > 60 tokens");
                sizes.add(rows);
                for (int r = 0; r < rows; r++) {
                    assertTrue(seen.add(b.getFeatures(0).getInt(r, 0, 0)), "a pair in two minibatches");
                }
            }
            assertEquals(plan.pairs(), seen.size());
            assertTrue(sizes.size() > 3, "short pairs share larger minibatches than long ones: " + sizes);
        } finally {
            plan.batches().unpersist(false);
        }
    }

    @Test
    void withoutABudgetEveryMinibatchHasBatchSizePairs() {
        TrainConfig train = new TrainConfig(1, 16, 0.01, 1.0, 100);
        MinibatchPlan plan = MinibatchPlan.of(sc, sc.parallelize(pairs(100, 20, 2), 3), train);
        try {
            assertEquals(7, plan.count());
            assertEquals(100, plan.pairs());
            assertEquals(12, plan.repeated());
            for (MultiDataSet b : plan.batches().collect()) {
                assertEquals(16, b.getFeatures(0).size(0));
            }
        } finally {
            plan.batches().unpersist(false);
        }
    }
}
