package io.attnspark.jobs.bench;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.train.TrainConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AveragingOverheadTest {
    @Test
    void randomBatchesHaveTheBenchShapeAndNoPadding() {
        List<MultiDataSet> b = AveragingOverhead.randomBatches(3, 4, 50, 6, 7);
        assertEquals(3, b.size());
        assertEquals(List.of(4L, 1L, 6L), List.of(b.get(0).getFeatures(0).shape()[0], b.get(0).getFeatures(0).shape()[1],
                b.get(0).getFeatures(0).shape()[2]));
        assertEquals(24.0, b.get(0).getLabelsMaskArray(0).sumNumber().doubleValue());
        assertEquals(24.0, b.get(0).getFeaturesMaskArrays()[1].sumNumber().doubleValue());
        assertEquals(AveragingOverhead.randomBatches(3, 4, 50, 6, 7).get(2).getFeatures(1),
                b.get(2).getFeatures(1), "seeded");
    }

    @Test
    void measuresBothWaysOfTrainingOnTheSameBatches() throws Exception {
        RnnAttentionConfig model = new RnnAttentionConfig(8, 1, 8, true, 1, 16, AttentionScore.GENERAL, 8, 0.0);
        TrainConfig train = TrainConfig.fromConfig(AttnsparkConfig.defaults()
                .withOverrides(List.of("train.batch-size=4")).section("train"));
        boolean[] switched = {false};
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("overhead")
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator"))) {
            AveragingOverhead.Result r = AveragingOverhead.measure(sc, model, train, 2, 2, 4, 30, 5, 3,
                    () -> switched[0] = true);
            assertTrue(switched[0]);
            assertTrue(r.local() > 0 && r.spark() > 0, r.toString());
            assertEquals(r.spark() / r.local(), r.ratio(), 1e-12);
            assertEquals(2, r.workers());
        }
    }
}
