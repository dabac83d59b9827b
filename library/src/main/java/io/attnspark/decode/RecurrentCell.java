package io.attnspark.decode;

import io.attnspark.nn.FusedGruLayer;
import io.attnspark.nn.FusedLstmLayer;
import io.attnspark.nn.MaskedLstm;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One step of a trained decoder layer on N rows, with ND4J ops on the layer's own parameters (views).
 * An LSTM carries (h, c), a GRU h alone (its c is null).
 */
public sealed interface RecurrentCell permits RecurrentCell.Lstm, RecurrentCell.Gru {

    /** Units of the layer (the size of h). */
    long size();

    /** Whether the layer carries a cell state c besides h. */
    boolean hasCellState();

    /**
     * Advances one step.
     *
     * @param x input [N, nIn]
     * @param h previous hidden state [N, size]
     * @param c previous cell state [N, size] (null for a GRU)
     * @return the new {h, c} (c null for a GRU)
     */
    INDArray[] step(INDArray x, INDArray h, INDArray c);

    /** The cell of a decoder layer built by {@link io.attnspark.nn.RnnAttentionModel}. */
    static RecurrentCell of(org.deeplearning4j.nn.conf.layers.Layer conf, Layer layer) {
        if (conf instanceof FusedLstmLayer) {
            return new Lstm(layer.getParam(FusedLstmLayer.PARAM_W), layer.getParam(FusedLstmLayer.PARAM_RW),
                    layer.getParam(FusedLstmLayer.PARAM_B), Lstm.FUSED_GATES);
        }
        if (conf instanceof FusedGruLayer) {
            return new Gru(layer.getParam(FusedGruLayer.PARAM_W), layer.getParam(FusedGruLayer.PARAM_RW),
                    layer.getParam(FusedGruLayer.PARAM_B));
        }
        if (conf instanceof LSTM) {
            return new Lstm(layer.getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY),
                    layer.getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY),
                    layer.getParam(LSTMParamInitializer.BIAS_KEY), Lstm.DL4J_GATES);
        }
        throw new IllegalArgumentException("decoder layer " + conf.getLayerName() + " is a "
                + conf.getClass().getSimpleName() + ", not an LSTM or GRU layer this decoder can step");
    }

    /**
     * An LSTM: z = x W + h RW + b [N, 4 size]; {@code gates} gives the block index of the input gate,
     * forget gate, cell input and output gate, in that order.
     *
     * @param w     [nIn, 4 size]
     * @param rw    [size, 4 size]
     * @param b     [1, 4 size]
     * @param gates block indices {input, forget, cell, output}
     */
    record Lstm(INDArray w, INDArray rw, INDArray b, int[] gates) implements RecurrentCell {
        /** libnd4j's lstmLayer ({@link FusedLstmLayer}): input, forget, cell, output. */
        static final int[] FUSED_GATES = {FusedLstmLayer.GATE_INPUT, FusedLstmLayer.GATE_FORGET,
                FusedLstmLayer.GATE_CELL, FusedLstmLayer.GATE_OUTPUT};
        /** DL4J's LSTM ({@link MaskedLstm}): blocks ordered cell input, forget, output, input gate. */
        static final int[] DL4J_GATES = {3, 1, 0, 2};

        @Override
        public long size() {
            return rw.size(0);
        }

        @Override
        public boolean hasCellState() {
            return true;
        }

        @Override
        public INDArray[] step(INDArray x, INDArray h, INDArray c) {
            INDArray z = Gemm.times(x, w);
            Nd4j.gemm(h, rw, z, false, false, 1.0, 1.0);
            z.addiRowVector(b);
            INDArray in = Transforms.sigmoid(block(z, gates[0]), false);
            INDArray forget = Transforms.sigmoid(block(z, gates[1]), false);
            INDArray cell = Transforms.tanh(block(z, gates[2]), false);
            INDArray out = Transforms.sigmoid(block(z, gates[3]), false);
            INDArray cNew = forget.mul(c).addi(in.mul(cell));
            INDArray hNew = Transforms.tanh(cNew, true).muli(out);
            return new INDArray[] {hNew, cNew};
        }

        private INDArray block(INDArray z, int k) {
            long n = size();
            return z.get(NDArrayIndex.all(), NDArrayIndex.interval(k * n, (k + 1) * n));
        }
    }

    /**
     * A GRU as libnd4j's {@code gru} op ({@link FusedGruLayer}): with x W = [xr, xu, xc] and h RW = [hr, hu, hc],
     * r = sigmoid(xr + hr + b_r), u = sigmoid(xu + hu + b_u), c = tanh(xc + b_c + r hc) (the reset gate
     * applies after the recurrent product, as in libnd4j 1.0.0-M2),
     * h' = u h + (1 - u) c.
     *
     * @param w  [nIn, 3 size]
     * @param rw [size, 3 size]
     * @param b  [1, 3 size]
     */
    record Gru(INDArray w, INDArray rw, INDArray b) implements RecurrentCell {
        @Override
        public long size() {
            return rw.size(0);
        }

        @Override
        public boolean hasCellState() {
            return false;
        }

        @Override
        public INDArray[] step(INDArray x, INDArray h, INDArray c) {
            long n = size();
            INDArray zx = Gemm.times(x, w).addiRowVector(b);                   // [N, 3 size]
            INDArray zh = Gemm.times(h, rw);                                    // [N, 3 size]
            INDArray ru = zh.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * n))
                    .addi(zx.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * n)));
            Transforms.sigmoid(ru, false);
            INDArray r = ru.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
            INDArray u = ru.get(NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n));
            INDArray cand = zh.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * n, 3 * n)).muli(r)
                    .addi(zx.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * n, 3 * n)));
            Transforms.tanh(cand, false);
            INDArray hNew = u.mul(h).addi(u.rsub(1.0).muli(cand));
            return new INDArray[] {hNew, null};
        }
    }
}
