package io.attnspark.decode;

import io.attnspark.nn.transformer.TransformerModel;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** The step-wise decoder of a trained graph, whichever model built it. */
public final class Decoders {
    private Decoders() {
    }

    /** The encoder and step decoder of {@code graph}: a Transformer's or an RNN's. */
    public static SequenceDecoder.Model<?, ?> of(ComputationGraph graph) {
        if (TransformerModel.isTransformer(graph)) {
            TransformerStepDecoder d = new TransformerStepDecoder(graph);
            return new SequenceDecoder.Model<>(d, d::encode);
        }
        StepDecoder d = new StepDecoder(graph);
        return new SequenceDecoder.Model<>(d, sources -> EncodedBatch.encode(graph, d.params(), sources));
    }
}
