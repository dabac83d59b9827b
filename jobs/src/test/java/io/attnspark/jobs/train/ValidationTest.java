package io.attnspark.jobs.train;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.ForcedScore;
import io.attnspark.decode.ForcedScorer;
import io.attnspark.decode.Hypothesis;
import io.attnspark.decode.Translator;
import io.attnspark.jobs.report.TrainingReport;
import io.attnspark.metrics.BleuScore;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.nn.TokenPair;
import io.attnspark.text.TextNormalizer;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Tokenizer;
import io.attnspark.text.Vocabulary;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation on Spark gives exactly what the library computes on one machine for the same model and pairs. */
class ValidationTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("validation-test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void sparkValidationMatchesTheLibraryOnOneMachine() throws Exception {
        Vocabulary vocab = Vocabulary.fromCounts(Map.of("a", 9L, "b", 8L, "c", 7L, "d", 6L, "e", 5L), 1, 100);
        TextPipeline text = new TextPipeline(new TextNormalizer("NFC", false), new Tokenizer(), null, vocab);
        ComputationGraph model = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(
                new RnnAttentionConfig(6, 1, 5, true, 1, 8, AttentionScore.GENERAL, 7, 0.0), vocab.size(), vocab.size(),
                3, new Adam(0.01), 0, DataType.FLOAT));
        SplittableRandom random = new SplittableRandom(5);
        List<TokenPair> pairs = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            pairs.add(new TokenPair(ids(random, vocab.size(), 1 + random.nextInt(6)), ids(random, vocab.size(), 1 + random.nextInt(6))));
            if (i < 8) {
                references.add(text.decode(pairs.get(i).target()));
            }
        }
        DecodeConfig decode = new DecodeConfig(1, 0.0, 1.5, 3, 4);
        Validation.Result r;
        try (Validation v = new Validation(sc, 3, pairs, references, text, text, 4, 2)) {
            r = v.evaluate(model, decode);
        }

        double nll = 0;
        long tokens = 0;
        for (int i = 0; i < pairs.size(); i++) {
            List<ForcedScore> one = new ForcedScorer(model, 4).score(List.of(pairs.get(i)));
            nll -= one.get(0).total();
            tokens += pairs.get(i).target().length + 1;
        }
        assertEquals(nll / tokens, r.loss(), 1e-4);
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sources.add(pairs.get(i).source());
        }
        List<Hypothesis> greedy = new Translator(model, decode).greedy(sources);
        List<String> hyps = new ArrayList<>();
        greedy.forEach(h -> hyps.add(text.decode(h.tokens())));
        assertEquals(BleuScore.corpus(hyps, List.of(references)).score(), r.bleu(), 1e-9);
        assertEquals(2, r.alignments().size());
        for (int i = 0; i < 2; i++) {
            TrainingReport.Alignment a = r.alignments().get(i);
            assertEquals(greedy.get(i).tokens().length + 1, a.output().size());
            assertEquals(pairs.get(i).source().length + 1, a.source().size());
            for (int t = 0; t < a.weights().length; t++) {
                assertArrayEquals(greedy.get(i).attention()[t], a.weights()[t], 1e-5f);
            }
        }
        assertTrue(r.loss() > 0);
    }

    @Test
    void noValidationPairsMeansNaN() throws Exception {
        Vocabulary vocab = Vocabulary.fromCounts(Map.of("a", 9L), 1, 100);
        TextPipeline text = new TextPipeline(new TextNormalizer("NFC", false), new Tokenizer(), null, vocab);
        try (Validation v = new Validation(sc, 2, List.of(), List.of(), text, text, 4, 3)) {
            assertTrue(v.isEmpty());
            Validation.Result r = v.evaluate(null, new DecodeConfig(1, 0.0, 1.5, 3, 4));
            assertTrue(Double.isNaN(r.loss()) && Double.isNaN(r.bleu()) && r.alignments().isEmpty());
        }
    }

    private static int[] ids(SplittableRandom random, int vocab, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextInt(4, vocab);
        }
        return out;
    }
}
