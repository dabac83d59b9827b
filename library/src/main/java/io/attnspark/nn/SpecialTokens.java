package io.attnspark.nn;

/** Ids of the special tokens every vocabulary of the project starts with. */
public final class SpecialTokens {
    /** Padding; never predicted, masked out everywhere. */
    public static final int PAD = 0;
    /** Unknown token. */
    public static final int UNK = 1;
    /** Start of the target sentence ({@code <s>}), the first decoder input. */
    public static final int BOS = 2;
    /** End of sentence ({@code </s>}), appended to sources and predicted after the last target token. */
    public static final int EOS = 3;
    /** Number of special ids; real tokens start here. */
    public static final int COUNT = 4;

    private SpecialTokens() {
    }
}
