package io.attnspark.nn.caption;

import io.attnspark.testing.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double-precision gradient checks of the whole captioner (CNN encoder and {@link ShowAttendTellDecoder}): every
 * parameter, with captions that fill all steps (no padding) and with captions of different lengths (PAD-masked
 * steps), with and without the doubly stochastic regulariser and batch normalisation.
 */
@ExtendWith(DoublePrecision.class)
class ShowAttendTellGradientTest {

    @ParameterizedTest(name = "padded={0}, lambda={1}, batchNorm={2}, convsPerBlock={3}")
    @CsvSource({"false, 0.0, false, 1", "true, 0.0, false, 1", "false, 0.7, false, 1", "true, 0.7, false, 1",
            "true, 0.7, true, 1", "true, 0.7, true, 2"})
    void gradientsMatchFiniteDifferences(boolean padded, double lambda, boolean batchNorm, int convsPerBlock) {
        CaptionConfig c = TinyCaptioner.config(batchNorm, lambda, convsPerBlock);
        ComputationGraph graph = TinyCaptioner.graph(c, DataType.DOUBLE);
        int[] lengths = padded ? new int[] {3, 1, 2} : new int[] {3, 3, 3};
        MultiDataSet data = TinyCaptioner.batch(TinyCaptioner.images(3, 5), TinyCaptioner.captions(lengths, 6),
                c.steps(), DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(data.getFeatures()).labels(data.getLabels()).labelMask(data.getLabelsMaskArrays())
                .excludeParams(runningStatistics(c))
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed: padded=" + padded + ", lambda=" + lambda + ", batchNorm=" + batchNorm
                + ", convsPerBlock=" + convsPerBlock);
    }

    /** Batch normalisation's running mean and deviation: updated by averaging, not by the gradient. */
    private static Set<String> runningStatistics(CaptionConfig c) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < c.channels().size(); i++) {
            for (int j = 0; j < c.convsPerBlock(); j++) {
                String name = j == 0 ? "bn_" + i : "bn_" + i + "_" + j;
                out.add(name + "_mean");
                out.add(name + "_log10stdev");
            }
        }
        return out;
    }
}
