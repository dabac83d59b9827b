package io.attnspark.prep.vocab;

import io.attnspark.prep.TestSpark;
import io.attnspark.text.Vocabulary;
import org.apache.spark.api.java.JavaPairRDD;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VocabularyLearnerTest {
    @Test
    void selectingOnSparkPicksExactlyWhatFromCountsPicksFromAllCounts() {
        Random random = new Random(3);
        Map<String, Long> src = new HashMap<>();
        Map<String, Long> tgt = new HashMap<>();
        List<Tuple2<String, Long>> keyed = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long count = 1 + random.nextInt(12); // many ties at every count
            src.put("w" + i, count);
            keyed.add(new Tuple2<>(SideKey.of(SideKey.SRC, "w" + i), count));
            tgt.put("v" + i, count + 1);
            keyed.add(new Tuple2<>(SideKey.of(SideKey.TGT, "v" + i), count + 1));
        }
        src.put(Vocabulary.UNK, 1000L); // a literal special token in the data never takes a slot twice
        keyed.add(new Tuple2<>(SideKey.of(SideKey.SRC, Vocabulary.UNK), 1000L));
        JavaPairRDD<String, Long> counts = TestSpark.context().parallelizePairs(keyed, 3);
        for (int maxSize : new int[]{5, 37, 600}) {
            for (int minCount : new int[]{1, 11}) {
                assertEquals(Vocabulary.fromCounts(src, minCount, maxSize),
                        VocabularyLearner.select(counts, SideKey.SRC, minCount, maxSize), "src " + maxSize + " " + minCount);
                assertEquals(Vocabulary.fromCounts(tgt, minCount, maxSize),
                        VocabularyLearner.select(counts, SideKey.TGT, minCount, maxSize), "tgt " + maxSize + " " + minCount);
            }
        }
    }
}
