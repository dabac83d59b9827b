package io.attnspark.jobs.train;

import io.attnspark.nn.AttentionMode;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.nn.RnnCell;
import io.attnspark.nn.RnnImpl;
import io.attnspark.nn.TiedEmbeddings;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.TokenPair;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attention encoder-decoder (custom SameDiff vertex and, for model.rnn-impl = fused, the fused
 * SameDiff recurrent layers included; LSTM and GRU cells; with input feeding, the InputFeedingDecoderVertex) trains through dl4j-spark's worker path: configuration clone, parameter and updater broadcast, Kryo-serialized minibatches, and two
 * concurrent workers with dropout; hard attention too (M2's shallow Bidirectional clone made them share dropout masks).
 */
class RnnAttentionOnSparkTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start("rnn-attention");
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    @ParameterizedTest(name = "encoder {0}, decoder {1}, {2}, input feeding {3}, tied {4}")
    @CsvSource({"LSTM, LSTM, FUSED, false, NONE", "GRU, GRU, FUSED, false, NONE", "LSTM, GRU, FUSED, false, NONE",
            "LSTM, LSTM, DL4J, false, NONE", "LSTM, LSTM, FUSED, true, NONE", "GRU, GRU, FUSED, true, NONE",
            "LSTM, LSTM, FUSED, false, ALL", "LSTM, LSTM, FUSED, true, TARGET"})
    void twoWorkersLowerTheLossOfACopyTask(RnnCell encoder, RnnCell decoder, RnnImpl impl, boolean inputFeeding,
                                           TiedEmbeddings tied) throws Exception {
        lowersTheLossOnTwoWorkers(new RnnAttentionConfig(8, 1, 8, true, 1, 8, AttentionScore.GENERAL, 8,
                0.1).withCells(encoder, decoder).withRnnImpl(impl).withInputFeeding(inputFeeding)
                .withTiedEmbeddings(tied));
    }

    /**
     * Hard attention (HardAttentionVertex: hand-written forward and backward, draws seeded by the graph's seed and
     * counts, the REINFORCE reward read from the output layer) trains on the workers' cloned configurations too.
     */
    @Test
    void hardAttentionTrainsOnTwoWorkers() throws Exception {
        lowersTheLossOnTwoWorkers(new RnnAttentionConfig(8, 1, 8, true, 1, 8, AttentionScore.GENERAL, 8, 0.1)
                .withAttentionMode(AttentionMode.hard(1.0, 0.01, 0.5)));
    }

    private static void lowersTheLossOnTwoWorkers(RnnAttentionConfig config) throws Exception {
        int vocab = 12;
        ComputationGraph model = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(config, vocab, vocab, 5,
                new Adam(0.01), 5.0, org.nd4j.linalg.api.buffer.DataType.FLOAT));
        Random random = new Random(9);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            List<TokenPair> pairs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int[] src = new int[2 + random.nextInt(4)];
                for (int j = 0; j < src.length; j++) {
                    src[j] = 4 + random.nextInt(vocab - 4);
                }
                pairs.add(new TokenPair(src, src.clone()));
            }
            batches.add(Seq2SeqBatch.of(pairs));
        }
        double before = 0;
        for (MultiDataSet b : batches) {
            before += model.score(b, false);
        }
        List<EpochReport> reports = new ArrayList<>();
        ComputationGraph trained = new SparkTrainer(sc, new AveragingPlan(2, 8, 2, 0, true, 3))
                .fit(model, sc.parallelize(batches, 2), 12, (report, net) -> reports.add(report));
        double after = 0;
        for (MultiDataSet b : batches) {
            after += trained.score(b, false);
        }
        assertTrue(after < 0.8 * before, "loss " + before + " -> " + after);
        assertTrue(reports.size() == 12);
    }
}
