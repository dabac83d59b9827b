package io.attnspark.jobs.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test that matters most for distributed training, after dl4j's own
 * TestCompareParameterAveragingSparkVsSingleMachine: parameter averaging on Spark must give the
 * parameters that single-machine training gives on the same data, in double precision.
 */
class ParameterAveragingEquivalenceTest {
    private static final int VOCAB = 7;
    private static final int BATCH = 4;
    private static final int TIME = 5;
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        sc = LocalSpark.start("equivalence");
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void oneWorkerWithAdamGivesSingleMachineParametersAndUpdaterState() throws Exception {
        ComputationGraph single = graph(new Adam(0.01));
        ComputationGraph distributed = graph(new Adam(0.01));
        assertEquals(single.params(), distributed.params());
        SparkTrainer trainer = new SparkTrainer(sc, new AveragingPlan(1, BATCH, 1, 0, true, 7));
        Random random = new Random(3);
        for (int step = 0; step < 4; step++) {
            MultiDataSet batch = batch(random);
            single.fit(batch);
            distributed = trainer.fit(distributed, sc.parallelize(List.of(batch), 1), 1, (report, net) -> true);
        }
        assertClose(single.params(), distributed.params(), 1e-10);
        assertClose(single.getUpdater().getStateViewArray(), distributed.getUpdater().getStateViewArray(), 1e-10);
        assertTrue(single.params().sub(graph(new Adam(0.01)).params()).norm2Number().doubleValue() > 1e-3,
                "training moved the parameters");
    }

    @Test
    void minibatchesOfDifferentSizesAreFittedAsTheyAre() throws Exception {
        // Token-budget minibatches hold different numbers of pairs; dl4j-spark's stock worker would merge
        // the 3- and 1-row batches into one of BATCH rows and give other parameters.
        ComputationGraph single = graph(new Adam(0.01));
        ComputationGraph distributed = graph(new Adam(0.01));
        Random random = new Random(17);
        List<MultiDataSet> batches = List.of(batch(random, 3), batch(random, 1), batch(random, BATCH));
        for (MultiDataSet b : batches) {
            single.fit(b);
        }
        distributed = new SparkTrainer(sc, new AveragingPlan(1, BATCH, batches.size(), 0, true, 7))
                .fit(distributed, sc.parallelize(new ArrayList<>(batches), 1), 1, (report, net) -> true);
        assertEquals(batches.size(), distributed.getIterationCount(), "one update per minibatch");
        assertClose(single.params(), distributed.params(), 1e-10);
        assertClose(single.getUpdater().getStateViewArray(), distributed.getUpdater().getStateViewArray(), 1e-10);
    }

    @Test
    void twoWorkersWithSgdAverageToTheStepOnTheirMergedBatches() throws Exception {
        ComputationGraph single = graph(new Sgd(0.5));
        ComputationGraph initial = graph(new Sgd(0.5));
        Random random = new Random(11);
        List<MultiDataSet> halves = List.of(batch(random), batch(random));
        single.fit(org.nd4j.linalg.dataset.MultiDataSet.merge(halves));
        JavaRDD<MultiDataSet> rdd = sc.parallelize(new ArrayList<>(halves), 2);
        ComputationGraph averaged = new SparkTrainer(sc, new AveragingPlan(2, BATCH, 1, 0, true, 7))
                .fit(initial, rdd, 1, (report, net) -> true);
        assertClose(single.params(), averaged.params(), 1e-10);
    }

    @Test
    void epochReportCountsTargetTokensAndLoss() throws Exception {
        List<EpochReport> reports = new ArrayList<>();
        Random random = new Random(5);
        List<MultiDataSet> batches = List.of(batch(random), batch(random), batch(random), batch(random));
        new SparkTrainer(sc, new AveragingPlan(2, BATCH, 1, 0, true, 7))
                .fit(graph(new Adam(0.01)), sc.parallelize(new ArrayList<>(batches), 2), 2, (report, net) -> reports.add(report));
        assertEquals(2, reports.size());
        long expectedTokens = 0;
        for (MultiDataSet b : batches) {
            expectedTokens += Math.round(b.getLabelsMaskArray(0).sumNumber().doubleValue());
        }
        assertEquals(expectedTokens, reports.get(1).targetTokens());
        assertTrue(reports.get(1).loss() > 0 && Double.isFinite(reports.get(1).loss()));
    }

    @Test
    void epochLossIsTheMeanOverEveryMinibatchOfTheEpoch() throws Exception {
        // A learning rate of 0 keeps the parameters (DL4J's NoOp would apply the raw gradient), so each minibatch's
        // loss is known whatever rounds and order Spark picks.
        ComputationGraph reference = graph(new Sgd(0.0));
        Random random = new Random(23);
        List<MultiDataSet> batches = List.of(batch(random, 3), batch(random, 1), batch(random, BATCH),
                batch(random, 2), batch(random, BATCH), batch(random, 3));
        double lossSum = 0;
        double tokens = 0;
        for (MultiDataSet b : batches) {
            lossSum += reference.score(b, true) * b.getLabels(0).size(0);
            tokens += b.getLabelsMaskArray(0).sumNumber().doubleValue();
        }
        List<EpochReport> reports = new ArrayList<>();
        // 2 workers x 1 minibatch a round: three averaging rounds an epoch, two epochs
        new SparkTrainer(sc, new AveragingPlan(2, BATCH, 1, 0, true, 7)).fit(graph(new Sgd(0.0)),
                sc.parallelize(new ArrayList<>(batches), 2), 2, (report, net) -> reports.add(report));
        assertEquals(2, reports.size());
        for (EpochReport r : reports) {
            assertEquals(lossSum / tokens, r.loss(), 1e-10, "epoch " + r.epoch());
            assertEquals(Math.round(tokens), r.targetTokens(), "target tokens fitted in epoch " + r.epoch());
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance, "max abs difference " + diff + " > " + tolerance);
    }

    /** An embedding-LSTM-softmax sequence model, small enough to compare in double precision. */
    static ComputationGraph graph(IUpdater updater) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(updater).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("src")
                .addLayer("emb", new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(6).build(), "src")
                .addLayer("rnn", new LSTM.Builder().nIn(6).nOut(8).dataFormat(RNNFormat.NCW).activation(Activation.TANH).build(), "emb")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).nIn(8).nOut(VOCAB).build(), "rnn")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** A batch of random token sequences, label = next token, with the last position of half the rows masked. */
    static MultiDataSet batch(Random random) {
        return batch(random, BATCH);
    }

    /** {@link #batch(Random)} with {@code rows} rows. */
    static MultiDataSet batch(Random random, int rows) {
        INDArray features = Nd4j.zeros(DataType.DOUBLE, rows, TIME);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, VOCAB, TIME);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, rows, TIME);
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < TIME; t++) {
                int token = random.nextInt(VOCAB);
                features.putScalar(b, t, token);
                labels.putScalar(new long[]{b, (token + 1) % VOCAB, t}, 1.0);
            }
            if (b % 2 == 1) {
                mask.putScalar(b, TIME - 1, 0.0);
                features.putScalar(b, TIME - 1, 0);
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{features}, new INDArray[]{labels},
                new INDArray[]{mask}, new INDArray[]{mask});
    }
}
