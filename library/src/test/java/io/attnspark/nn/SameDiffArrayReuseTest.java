package io.attnspark.nn;

import io.attnspark.nn.transformer.SublayerRuntime;
import io.attnspark.nn.transformer.TransformerConfig;
import io.attnspark.nn.transformer.TransformerModel;
import io.attnspark.testing.Fixtures;
import io.attnspark.testing.SameDiffTransformer;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SameDiff working arrays reused across steps: same results as without reuse, handed-out arrays left alone. */
class SameDiffArrayReuseTest {
    private static final int VOCAB = 11;
    private static final boolean DEFAULT = SameDiffArrayReuse.isEnabled();

    @AfterEach
    void restore() {
        SameDiffArrayReuse.setEnabled(DEFAULT);
    }

    private static ComputationGraphConfiguration conf(double dropout) {
        TrainConfig train = TrainConfig.fromConfig(Fixtures.section("train"));
        TransformerConfig model = new TransformerConfig(8, 2, 12, 2, 2, true, 16, true, false, dropout, dropout, 0);
        return TransformerModel.configuration(model, train, VOCAB, VOCAB + 2, 42);
    }

    /** The Transformer with its sub-layers on the SameDiff runtime (the default runtime is hand-written), or not. */
    static ComputationGraph graph(ComputationGraphConfiguration conf, boolean sameDiff) {
        return sameDiff ? SameDiffTransformer.newGraph(conf) : TransformerModel.newGraph(conf);
    }

    /** Batches of several lengths, one of them twice in a row. */
    private static List<MultiDataSet> batches() {
        List<MultiDataSet> l = new ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            l.add(Seq2SeqBatch.of(Fixtures.randomPairs(3, VOCAB, 1, 3 + (int) seed % 3, seed)));
        }
        l.add(l.get(l.size() - 1));
        return l;
    }

    private static double[] train(boolean reuse, List<MultiDataSet> batches, List<Double> scores) {
        SameDiffArrayReuse.setEnabled(reuse);
        Nd4j.getRandom().setSeed(7);                      // the same dropout masks in both runs
        ComputationGraph g = graph(conf(0.2), true);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (MultiDataSet b : batches) {
                g.fit(b);
                scores.add(g.score());
            }
        }
        return g.params().dup().data().asDouble();
    }

    @Test
    void trainingWithReuseGivesExactlyTheParametersOfTrainingWithout() {
        List<MultiDataSet> batches = batches();
        List<Double> scoresWithout = new ArrayList<>();
        List<Double> scoresWith = new ArrayList<>();
        double[] without = train(false, batches, scoresWithout);
        long hits = SameDiffArrayReuse.cache().hits();
        double[] with = train(true, batches, scoresWith);
        assertTrue(SameDiffArrayReuse.cache().hits() > hits + 1000, "reuse did not happen: "
                + (SameDiffArrayReuse.cache().hits() - hits) + " hits");
        assertEquals(scoresWithout, scoresWith);
        assertArrayEquals(without, with);
    }

    /**
     * Outputs and input gradients a vertex hands out survive later steps: with the SameDiff runtime, whose working
     * arrays are reused, and with the hand-written one, which frees its working arrays after each backward pass.
     */
    @ParameterizedTest(name = "SameDiff runtime: {0}")
    @ValueSource(booleans = {true, false})
    void epsilonsAndActivationsHandedOutAreNotOverwrittenByLaterSteps(boolean sameDiff) {
        SameDiffArrayReuse.setEnabled(true);
        ComputationGraph g = graph(conf(0.0), sameDiff);
        List<MultiDataSet> batches = batches();
        g.fit(batches.get(0));
        g.fit(batches.get(1));                            // gradient functions exist, caches warm
        MultiDataSet mds = batches.get(2);
        String name = TransformerModel.decoderLayer(1) + TransformerModel.CROSS;
        GraphVertex v = g.getVertex(name);
        Class<?> runtime = sameDiff ? ExternalErrorsFixedVertex.class : SublayerRuntime.class;
        assertTrue(runtime.isInstance(v), name + " runs on " + v.getClass().getSimpleName());
        g.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        Map<String, INDArray> acts = g.feedForward(mds.getFeatures(), true, false);
        List<String> inputNames = g.getConfiguration().getVertexInputs().get(name);
        INDArray[] in = new INDArray[inputNames.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = acts.get(inputNames.get(i)).dup();
        }
        LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
        List<INDArray> handedOut = new ArrayList<>();
        for (int rep = 0; rep < 2; rep++) {                // the second backward pass reuses the first one's arrays
            v.setInputs(in);
            INDArray out = v.doForward(true, noWs);
            v.setEpsilon(Nd4j.rand(DataType.FLOAT, out.shape()).subi(0.5));
            Pair<Gradient, INDArray[]> p = v.doBackward(false, noWs);
            handedOut.add(out);
            for (INDArray eps : p.getSecond()) {
                handedOut.add(eps);
            }
        }
        List<double[]> copies = new ArrayList<>();
        for (INDArray a : handedOut) {
            copies.add(a.dup().data().asDouble());
        }
        long hits = SameDiffArrayReuse.cache().hits();
        for (MultiDataSet b : batches) {
            g.fit(b);
            g.output(false, b.getFeatures(), b.getFeaturesMaskArrays(), null);
        }
        if (sameDiff) {
            assertTrue(SameDiffArrayReuse.cache().hits() > hits, "no reuse in the later steps");
        }
        for (int i = 0; i < handedOut.size(); i++) {
            assertArrayEquals(copies.get(i), handedOut.get(i).dup().data().asDouble(), "array " + i);
        }
    }

    @Test
    void cacheHandsOutReleasedBuffersOfTheSameTypeAndLengthToWorkingArraysOnly() {
        SameDiffArrayReuse.Cache c = new SameDiffArrayReuse.Cache(1 << 20);
        INDArray a = c.allocate(false, DataType.FLOAT, 3, 4);
        c.release(a);
        c.release(a);                                      // a second release is ignored
        assertNotSame(a.data(), c.allocate(true, DataType.FLOAT, 3, 4).data(), "outputs are always new");
        assertNotSame(a.data(), c.allocate(false, DataType.DOUBLE, 3, 4).data());
        assertNotSame(a.data(), c.allocate(false, DataType.FLOAT, 13).data());
        INDArray b = c.allocate(false, DataType.FLOAT, 2, 6);
        assertSame(a.data(), b.data());
        assertArrayEquals(new long[] {2, 6}, b.shape());
        assertEquals('c', b.ordering());
        assertNotSame(a.data(), c.allocate(false, DataType.FLOAT, 2, 6).data(), "handed out once only");
        // the cache keeps at most its byte budget, dropping the oldest first
        SameDiffArrayReuse.Cache small = new SameDiffArrayReuse.Cache(100);
        INDArray x = Nd4j.create(DataType.FLOAT, 10);
        INDArray y = Nd4j.create(DataType.FLOAT, 10);
        INDArray z = Nd4j.create(DataType.FLOAT, 10);
        small.release(x);
        small.release(y);
        small.release(z);
        assertEquals(80, small.bytes());
        assertSame(z.data(), small.allocate(false, DataType.FLOAT, 10).data());
        assertSame(y.data(), small.allocate(false, DataType.FLOAT, 10).data());
        assertNotSame(x.data(), small.allocate(false, DataType.FLOAT, 10).data());
        assertEquals(0, small.bytes());
    }
}
