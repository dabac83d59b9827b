package io.attnspark.decode;

import io.attnspark.nn.GlobalAttentionVertex;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trained decoder-side parameters of a {@link RnnAttentionModel} graph, read from its parameter
 * table (views: they follow the graph's parameters, nothing is copied).
 *
 * <p>Layouts: embedding {@code W} [targetVocab, emb]; decoder layers as {@link RecurrentCell} reads them
 * (fused LSTM or GRU, or DL4J's LSTM); attentional {@code W} [encSize + decSize, att] over [context; h], {@code b} [1, att];
 * output {@code W} [att, targetVocab], {@code b} [1, targetVocab]; attention parameters as in
 * {@link GlobalAttentionVertex}.
 */
public record DecoderParams(AttentionScore score, int decoderSize, int encoderSize, int targetVocab, INDArray embedding,
                            List<RecurrentCell> layers, Map<String, INDArray> attention, INDArray attentionalW,
                            INDArray attentionalB, INDArray outputW, INDArray outputB, String encoderTop,
                            int localWindow) {

    /** Reads the parameters of {@code graph}, which must be built by {@link RnnAttentionModel}. */
    public static DecoderParams of(ComputationGraph graph) {
        GraphVertex attn = graph.getVertex(RnnAttentionModel.ATTENTION);
        if (attn == null || !(graph.getConfiguration().getVertices().get(RnnAttentionModel.ATTENTION)
                instanceof GlobalAttentionVertex conf)) {
            throw new IllegalArgumentException("graph has no '" + RnnAttentionModel.ATTENTION
                    + "' attention vertex; was it built by RnnAttentionModel?");
        }
        List<RecurrentCell> layers = new ArrayList<>();
        for (int i = 0; has(graph, RnnAttentionModel.decoderLayer(i)); i++) {
            var l = graph.getLayer(RnnAttentionModel.decoderLayer(i));
            layers.add(RecurrentCell.of(l.conf().getLayer(), l));
        }
        int encLayers = 0;
        while (has(graph, RnnAttentionModel.encoderLayer(encLayers))) {
            encLayers++;
        }
        var out = graph.getLayer(RnnAttentionModel.OUTPUT);
        INDArray emb = graph.getLayer(RnnAttentionModel.TGT_EMB).getParam(DefaultParamInitializer.WEIGHT_KEY);
        return new DecoderParams(conf.getScore(), (int) conf.getDecoderSize(), (int) conf.getEncoderSize(),
                (int) emb.size(0), emb, List.copyOf(layers), Map.copyOf(attn.paramTable(false)),
                attn.paramTable(false).get(GlobalAttentionVertex.PARAM_WC),
                attn.paramTable(false).get(GlobalAttentionVertex.PARAM_BC),
                out.getParam(DefaultParamInitializer.WEIGHT_KEY), out.getParam(DefaultParamInitializer.BIAS_KEY),
                RnnAttentionModel.encoderLayer(encLayers - 1), conf.getWindow());
    }

    private static boolean has(ComputationGraph graph, String vertex) {
        return graph.getConfiguration().getVertices().containsKey(vertex);
    }
}
