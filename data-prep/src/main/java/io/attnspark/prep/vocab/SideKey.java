package io.attnspark.prep.vocab;

/**
 * Keys of the distributed token counts: one leading character names the side ({@code J} joint, {@code S}
 * source, {@code T} target), so both sides are counted in one pass and one shuffle.
 */
final class SideKey {
    static final char JOINT = 'J';
    static final char SRC = 'S';
    static final char TGT = 'T';

    private SideKey() {
    }

    static String of(char side, String token) {
        return side + token;
    }

    static char side(String key) {
        return key.charAt(0);
    }

    static String token(String key) {
        return key.substring(1);
    }
}
