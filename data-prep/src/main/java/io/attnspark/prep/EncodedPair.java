package io.attnspark.prep;

import java.io.Serializable;

/**
 * One prepared pair as training and scoring use it. A plain class, not a record: Spark's Kryo 4 cannot
 * serialize records.
 */
public final class EncodedPair implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long id;
    private final int[] src;
    private final int[] tgt;

    /**
     * @param id  1-based line number in its input
     * @param src source ids, shape {@code [src_len]}, no BOS/EOS
     * @param tgt target ids, shape {@code [tgt_len]}, no BOS/EOS
     */
    public EncodedPair(long id, int[] src, int[] tgt) {
        this.id = id;
        this.src = src;
        this.tgt = tgt;
    }

    public long id() {
        return id;
    }

    /** Source ids, shape {@code [src_len]}, no BOS/EOS (the array itself, not a copy). */
    public int[] src() {
        return src;
    }

    /** Target ids, shape {@code [tgt_len]}, no BOS/EOS (the array itself, not a copy). */
    public int[] tgt() {
        return tgt;
    }

    /** The pair as the model's batches take it (the same arrays, not copies). */
    public io.attnspark.nn.TokenPair toTokenPair() {
        return new io.attnspark.nn.TokenPair(src, tgt);
    }
}
