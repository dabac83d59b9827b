package io.attnspark.decode;

import io.attnspark.nn.TiedEmbeddingVertex;
import io.attnspark.nn.transformer.PositionalEncodingVertex;
import io.attnspark.nn.transformer.SelfAttentionVertex;
import io.attnspark.nn.transformer.SinusoidalPositions;
import io.attnspark.nn.transformer.TransformerModel;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decoder-side parameters of a {@link TransformerModel} graph (views of the graph's parameters, nothing
 * copied), for {@link TransformerStepDecoder}.
 *
 * @param dModel      model width d
 * @param heads       attention heads
 * @param preNorm     layer norm before each sub-layer (and a final norm) instead of after the residual
 * @param gelu        GELU (else ReLU) in the feed-forward network
 * @param window      decoder self-attention sees the window previous positions and itself (0 = all)
 * @param embedding   target embedding [V, d]
 * @param positions   position table [maxPositions, d] (sinusoidal or learned)
 * @param layers      per decoder layer: parameter tables of its self-attention, cross-attention and feed-forward
 * @param finalNorm   gain and bias of the final norm (pre-LN), else null
 * @param outputW     output projection [d, V]
 * @param outputB     output bias [1, V]
 * @param encoderTop  the vertex whose output the decoder attends over
 */
public record TransformerParams(int dModel, int heads, boolean preNorm, boolean gelu, int window, INDArray embedding,
                                INDArray positions, List<Layer> layers, Map<String, INDArray> finalNorm,
                                INDArray outputW, INDArray outputB, String encoderTop) {

    /** One decoder layer's sub-layer parameter tables (names as in the vertices: Wqkv, Wq, Wkv, W1, lng, ...). */
    public record Layer(Map<String, INDArray> self, Map<String, INDArray> cross, Map<String, INDArray> ffn) {
    }

    /** Reads the parameters of {@code graph}, which must be built by {@link TransformerModel}. */
    public static TransformerParams of(ComputationGraph graph) {
        Map<String, GraphVertex> conf = graph.getConfiguration().getVertices();
        if (!(conf.get(TransformerModel.TGT_POS) instanceof PositionalEncodingVertex pos)
                || !(conf.get(TransformerModel.decoderLayer(0) + TransformerModel.SELF) instanceof SelfAttentionVertex self)) {
            throw new IllegalArgumentException("graph was not built by TransformerModel (no '" + TransformerModel.TGT_POS
                    + "' or '" + TransformerModel.decoderLayer(0) + TransformerModel.SELF + "' vertex)");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; conf.containsKey(TransformerModel.decoderLayer(i) + TransformerModel.SELF); i++) {
            String name = TransformerModel.decoderLayer(i);
            layers.add(new Layer(table(graph, name + TransformerModel.SELF), table(graph, name + TransformerModel.CROSS),
                    table(graph, name + TransformerModel.FFN)));
        }
        int encoderLayers = 0;
        while (conf.containsKey(TransformerModel.encoderLayer(encoderLayers) + TransformerModel.FFN)) {
            encoderLayers++;
        }
        boolean pre = self.isPreNorm();
        INDArray emb = TiedEmbeddingVertex.table(graph, TransformerModel.TGT_EMB);
        INDArray table = pos.isLearned() ? table(graph, TransformerModel.TGT_POS).get(PositionalEncodingVertex.PARAM_POSITIONS)
                : SinusoidalPositions.table(pos.getMaxPositions(), pos.getDModel(), emb.dataType());
        var out = graph.getLayer(TransformerModel.OUTPUT);
        return new TransformerParams(self.getDModel(), self.getHeads(), pre, self.isGelu(), self.getWindow(), emb, table,
                List.copyOf(layers), pre ? table(graph, TransformerModel.DEC_NORM) : null,
                out.getParam(DefaultParamInitializer.WEIGHT_KEY), out.getParam(DefaultParamInitializer.BIAS_KEY),
                pre ? TransformerModel.ENC_NORM : TransformerModel.encoderLayer(encoderLayers - 1) + TransformerModel.FFN);
    }

    /** Size of the target vocabulary. */
    public int targetVocab() {
        return (int) embedding.size(0);
    }

    /** Width of one head. */
    public int headSize() {
        return dModel / heads;
    }

    private static Map<String, INDArray> table(ComputationGraph graph, String vertex) {
        return Map.copyOf(graph.getVertex(vertex).paramTable(false));
    }
}
