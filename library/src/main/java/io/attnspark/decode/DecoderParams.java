package io.attnspark.decode;

import io.attnspark.nn.FusedRecurrentLayer;
import io.attnspark.nn.GlobalAttentionVertex;
import io.attnspark.nn.HardAttentionVertex;
import io.attnspark.nn.InputFeedingDecoderVertex;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.nn.RnnCell;
import io.attnspark.nn.TiedEmbeddingVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained decoder-side parameters of a {@link RnnAttentionModel} graph, read from its parameter
 * table (views: they follow the graph's parameters, nothing is copied).
 *
 * <p>Layouts: embedding {@code W} [targetVocab, emb]; decoder layers as {@link RecurrentCell} reads them
 * (fused LSTM or GRU, or DL4J's LSTM); attentional {@code W} [encSize + decSize, att] over [context; h], {@code b} [1, att];
 * output {@code W} [att, targetVocab], {@code b} [1, targetVocab]; attention parameters as in
 * {@link GlobalAttentionVertex}. With {@code inputFeeding} (a graph with an {@link InputFeedingDecoderVertex}) the
 * layers and the attention are that vertex's, and the first layer reads [embedding; previous attentional vector].
 * With {@code hardAttention} (a {@link HardAttentionVertex}) the context is the encoder state at the most attended
 * source position.
 */
public record DecoderParams(AttentionScore score, int decoderSize, int encoderSize, int targetVocab, INDArray embedding,
                            List<RecurrentCell> layers, Map<String, INDArray> attention, INDArray attentionalW,
                            INDArray attentionalB, INDArray outputW, INDArray outputB, String encoderTop,
                            int localWindow, boolean inputFeeding, boolean hardAttention) {

    /** Reads the parameters of {@code graph}, which must be built by {@link RnnAttentionModel}. */
    public static DecoderParams of(ComputationGraph graph) {
        if (graph.getConfiguration().getVertices().get(RnnAttentionModel.FEEDING_DECODER)
                instanceof InputFeedingDecoderVertex feeding) {
            return ofFeeding(graph, feeding);
        }
        GraphVertex attn = graph.getVertex(RnnAttentionModel.ATTENTION);
        if (attn == null || !(graph.getConfiguration().getVertices().get(RnnAttentionModel.ATTENTION)
                instanceof GlobalAttentionVertex conf)) {
            throw new IllegalArgumentException("graph has no '" + RnnAttentionModel.ATTENTION + "' attention vertex"
                    + " nor '" + RnnAttentionModel.FEEDING_DECODER + "' decoder; was it built by RnnAttentionModel?");
        }
        List<RecurrentCell> layers = new ArrayList<>();
        for (int i = 0; has(graph, RnnAttentionModel.decoderLayer(i)); i++) {
            var l = graph.getLayer(RnnAttentionModel.decoderLayer(i));
            layers.add(RecurrentCell.of(l.conf().getLayer(), l));
        }
        var out = graph.getLayer(RnnAttentionModel.OUTPUT);
        INDArray emb = TiedEmbeddingVertex.table(graph, RnnAttentionModel.TGT_EMB);
        return new DecoderParams(conf.getScore(), (int) conf.getDecoderSize(), (int) conf.getEncoderSize(),
                (int) emb.size(0), emb, List.copyOf(layers), Map.copyOf(attn.paramTable(false)),
                attn.paramTable(false).get(GlobalAttentionVertex.PARAM_WC),
                attn.paramTable(false).get(GlobalAttentionVertex.PARAM_BC),
                out.getParam(DefaultParamInitializer.WEIGHT_KEY), out.getParam(DefaultParamInitializer.BIAS_KEY),
                encoderTop(graph), conf.getWindow(), false, conf instanceof HardAttentionVertex);
    }

    /** The parameters of a graph whose decoder is the input-feeding vertex {@code conf}. */
    private static DecoderParams ofFeeding(ComputationGraph graph, InputFeedingDecoderVertex conf) {
        Map<String, INDArray> table = graph.getVertex(RnnAttentionModel.FEEDING_DECODER).paramTable(false);
        Map<String, INDArray> attention = new HashMap<>(table);
        List<RecurrentCell> layers = new ArrayList<>();
        for (int l = 0; l < conf.getLayers(); l++) {
            INDArray w = attention.remove(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_W, l));
            INDArray rw = attention.remove(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_RW, l));
            INDArray b = attention.remove(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_B, l));
            layers.add(conf.getCell() == RnnCell.GRU ? new RecurrentCell.Gru(w, rw, b)
                    : new RecurrentCell.Lstm(w, rw, b, RecurrentCell.Lstm.FUSED_GATES));
        }
        var out = graph.getLayer(RnnAttentionModel.OUTPUT);
        INDArray emb = TiedEmbeddingVertex.table(graph, RnnAttentionModel.TGT_EMB);
        return new DecoderParams(conf.getScore(), (int) conf.getHiddenSize(), (int) conf.getEncoderSize(),
                (int) emb.size(0), emb, List.copyOf(layers), Map.copyOf(attention),
                table.get(GlobalAttentionVertex.PARAM_WC), table.get(GlobalAttentionVertex.PARAM_BC),
                out.getParam(DefaultParamInitializer.WEIGHT_KEY), out.getParam(DefaultParamInitializer.BIAS_KEY),
                encoderTop(graph), conf.getWindow(), true, false);
    }

    /** Size of the attentional vectors (what input feeding feeds back). */
    public int attentionalSize() {
        return (int) attentionalW.size(1);
    }

    private static String encoderTop(ComputationGraph graph) {
        int encLayers = 0;
        while (has(graph, RnnAttentionModel.encoderLayer(encLayers))) {
            encLayers++;
        }
        return RnnAttentionModel.encoderLayer(encLayers - 1);
    }

    private static boolean has(ComputationGraph graph, String vertex) {
        return graph.getConfiguration().getVertices().containsKey(vertex);
    }
}
