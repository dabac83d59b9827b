package io.attnspark.nn.caption;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;


/**
 * One decoder step at a time with a trained {@link CaptionModel}: the image is encoded once ({@link #encode}),
 * then every step takes the previous words and the LSTM state and gives log-probabilities and attention weights.
 * The same equations ({@link AttendTellCell}) as training; inference needs no dropout, so the grid is used as it is.
 * A hard-attention model takes the annotation vector of the most attended position as its context; the attention
 * weights returned are alpha either way. The decoder reads the LSTM's gate weights when it is made (it lays them side
 * by side for one product per step): make a new one after the graph's parameters change.
 */
public final class CaptionStepDecoder {
    private final ComputationGraph graph;
    private final ShowAttendTellDecoder conf;
    private final AttendTellCell cell;
    private final AttendTellCell.Focus focus;

    /** The encoded images: annotations and their attention projections. */
    public record Encoded(INDArray annotations, INDArray projected, int gridHeight, int gridWidth) {
        /** Number of images (rows). */
        public int size() {
            return (int) annotations.size(0);
        }

        /** Rows {@code rows} of this batch (a row may repeat, e.g. once per beam entry). */
        public Encoded select(int[] rows) {
            return new Encoded(pick(annotations, rows), pick(projected, rows), gridHeight, gridWidth);
        }
    }

    /** LSTM state, h and c [batch, H]. */
    public record State(INDArray h, INDArray c) {
        public State select(int[] rows) {
            return new State(pick(h, rows), pick(c, rows));
        }
    }

    /**
     * One step's result.
     *
     * @param logProbs log p(word) [batch, V]
     * @param alpha    attention weights over the grid positions, row-major over H' x W': [batch, L]
     * @param state    the state after this step
     */
    public record Step(INDArray logProbs, INDArray alpha, State state) {
    }

    public CaptionStepDecoder(ComputationGraph graph) {
        this.graph = graph;
        this.conf = (ShowAttendTellDecoder) graph.getLayer(CaptionModel.DECODER).conf().getLayer();
        this.cell = new AttendTellCell(graph.getLayer(CaptionModel.DECODER).paramTable(), conf.getFeatureSize(),
                conf.getGridPositions(), conf.getAttentionSize());
        this.focus = conf.isHardAttention() ? AttendTellCell.Focus.ARGMAX : AttendTellCell.Focus.SOFT;
    }

    public ShowAttendTellDecoder config() {
        return conf;
    }

    /** Output vocabulary size. */
    public int vocabSize() {
        return conf.getVocabSize();
    }

    /** Encodes images [batch, 3, S, S] (values in [0, 1]) through the CNN, in inference mode. */
    public Encoded encode(INDArray images) {
        INDArray grid = graph.output(false, images.castTo(graph.getConfiguration().getDataType()))[0]; // [b, C, H', W']
        AttendTellCell.Start s = cell.start(grid);
        return new Encoded(s.ann(), s.projected(), (int) grid.size(2), (int) grid.size(3));
    }

    /** The initial state from the mean annotation vector. */
    public State start(Encoded enc) {
        AttendTellCell.Start s = cell.start(enc.annotations().permute(0, 2, 1).dup('c')
                .reshape(enc.size(), conf.getFeatureSize(), enc.gridHeight(), enc.gridWidth()));
        return new State(s.h0(), s.c0());
    }

    /** One step for every row: {@code previous} holds the last word of each row (BOS at the start). */
    public Step step(Encoded enc, State state, int[] previous) {
        AttendTellCell.Step s = cell.step(enc.annotations(), enc.projected(), state.h(), state.c(), previous, focus, null);
        return new Step(s.logProbs(), s.alpha(), new State(s.h(), s.c()));
    }

    private static INDArray pick(INDArray x, int[] rows) {
        return Nd4j.pullRows(x.reshape(x.size(0), -1), 1, rows).reshape(withRows(x.shape(), rows.length));
    }

    private static long[] withRows(long[] shape, int rows) {
        long[] s = shape.clone();
        s[0] = rows;
        return s;
    }

    /** The model's data type (float for trained models). */
    public DataType dataType() {
        return graph.getConfiguration().getDataType();
    }
}
