package io.attnspark.decode;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The recurrent state of N decoder rows (hypotheses): per decoder layer, h and c [N, decSize] (c null for
 * a GRU layer); with input feeding also the last attentional vectors {@code feed} [N, attentionalSize] (zeros before
 * the first step; null without input feeding).
 * Row r attends over row r of the {@link EncodedBatch} it was started with.
 */
public final class DecoderState implements RowState<DecoderState> {
    final INDArray[] h;
    final INDArray[] c;
    INDArray feed;

    DecoderState(INDArray[] h, INDArray[] c, INDArray feed) {
        this.h = h;
        this.c = c;
        this.feed = feed;
    }

    /** Zero state for {@code rows} rows of {@code p}'s decoder. */
    static DecoderState zeros(DecoderParams p, int rows) {
        int layers = p.layers().size();
        INDArray[] h = new INDArray[layers];
        INDArray[] c = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            RecurrentCell cell = p.layers().get(l);
            h[l] = Nd4j.zeros(p.embedding().dataType(), rows, cell.size());
            c[l] = cell.hasCellState() ? Nd4j.zeros(p.embedding().dataType(), rows, cell.size()) : null;
        }
        INDArray feed = p.inputFeeding() ? Nd4j.zeros(p.embedding().dataType(), rows, p.attentionalSize()) : null;
        return new DecoderState(h, c, feed);
    }

    /** Number of rows. */
    public int rows() {
        return (int) h[0].size(0);
    }

    /** A state whose row i is this state's row {@code rows[i]} (beam reordering). */
    @Override
    public DecoderState select(int[] rows) {
        INDArray[] nh = new INDArray[h.length];
        INDArray[] nc = new INDArray[c.length];
        for (int l = 0; l < h.length; l++) {
            nh[l] = Nd4j.pullRows(h[l], 1, rows);
            nc[l] = c[l] == null ? null : Nd4j.pullRows(c[l], 1, rows);
        }
        return new DecoderState(nh, nc, feed == null ? null : Nd4j.pullRows(feed, 1, rows));
    }

    /** The top layer's hidden state [N, decSize]. */
    public INDArray top() {
        return h[h.length - 1];
    }
}
