package io.attnspark.testing;

import io.attnspark.nn.transformer.SublayerRuntime;
import io.attnspark.nn.transformer.TransformerModel;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** The Transformer built with its sub-layers on the SameDiff runtime ({@code attnspark.transformer.samediff}). */
public final class SameDiffTransformer {
    private SameDiffTransformer() {
    }

    /** {@link TransformerModel#newGraph} with the property set while the vertices are instantiated, then as before. */
    public static ComputationGraph newGraph(ComputationGraphConfiguration conf) {
        String previous = System.getProperty(SublayerRuntime.SAMEDIFF_PROPERTY);
        System.setProperty(SublayerRuntime.SAMEDIFF_PROPERTY, "true");
        try {
            return TransformerModel.newGraph(conf);
        } finally {
            if (previous == null) {
                System.clearProperty(SublayerRuntime.SAMEDIFF_PROPERTY);
            } else {
                System.setProperty(SublayerRuntime.SAMEDIFF_PROPERTY, previous);
            }
        }
    }
}
