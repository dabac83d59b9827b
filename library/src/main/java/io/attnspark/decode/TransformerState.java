package io.attnspark.decode;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Transformer decoder's cache for N rows: per decoder layer, the self-attention keys and values of every
 * position fed so far [N*h, t, dk] (null before the first step), and the number of positions t.
 */
public final class TransformerState implements RowState<TransformerState> {
    final INDArray[] keys;
    final INDArray[] values;
    final int heads;
    int steps;

    TransformerState(int layers, int heads) {
        this.keys = new INDArray[layers];
        this.values = new INDArray[layers];
        this.heads = heads;
    }

    /** Positions fed so far. */
    public int steps() {
        return steps;
    }

    @Override
    public TransformerState select(int[] rows) {
        TransformerState s = new TransformerState(keys.length, heads);
        s.steps = steps;
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                s.keys[l] = TransformerSource.selectRows(keys[l], rows, heads);
                s.values[l] = TransformerSource.selectRows(values[l], rows, heads);
            }
        }
        return s;
    }
}
