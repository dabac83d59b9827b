package io.attnspark.nn.caption;

/**
 * Names and shapes of the parameters (no name holds an underscore: DL4J's updater finds a parameter's layer by the
 * last underscore of {@code layer_param}) of {@link ShowAttendTellDecoder} (all c order, {@code x W} convention: a
 * weight maps rows of its first dimension to its second). C = feature channels, H = hidden size, A = attention
 * size, E = embedding size, V = vocabulary size.
 */
public final class CaptionDecoderParams {
    /** Attention: annotation projection [C, A]. */
    public static final String W_FEAT = "Wfa";
    /** Attention: hidden-state projection [H, A] and its bias [1, A]. */
    public static final String W_HID = "Wha";
    public static final String B_ATT = "ba";
    /** Attention: score vector [A, 1]. */
    public static final String V_ATT = "va";
    /** Gating scalar beta = sigmoid(h W_beta + b_beta): [H, 1] and [1, 1]. */
    public static final String W_BETA = "Wbeta";
    public static final String B_BETA = "bbeta";
    /** Initial state from the mean annotation: h0 = tanh(mean W_h0 + b_h0), c0 likewise; [C, H] and [1, H]. */
    public static final String W_H0 = "Wh0";
    public static final String B_H0 = "bh0";
    public static final String W_C0 = "Wc0";
    public static final String B_C0 = "bc0";
    /** Word embeddings [V, E]. */
    public static final String EMBED = "E";
    /**
     * LSTM gates i, f, o, g, each with its own input weight [E + C, H] (input = [word embedding; context]),
     * recurrent weight [H, H] and bias [1, H] (separate arrays: M2's strided-slice backward pass fails on slices
     * of one fused gate matrix).
     */
    public static final String[] GATES = {"i", "f", "o", "g"};

    /** Input weight of gate {@code g}. */
    public static String wx(String g) {
        return "Wx" + g;
    }

    /** Recurrent weight of gate {@code g}. */
    public static String wr(String g) {
        return "Wr" + g;
    }

    /** Bias of gate {@code g}. */
    public static String bias(String g) {
        return "bg" + g;
    }
    /** Deep output: logits = (E y_prev + h L_h + z L_z) W_o + b_o; L_h [H, E], L_z [C, E], W_o [E, V], b_o [1, V]. */
    public static final String L_H = "Lh";
    public static final String L_Z = "Lz";
    public static final String W_OUT = "Wo";
    public static final String B_OUT = "bo";

    private CaptionDecoderParams() {
    }
}
