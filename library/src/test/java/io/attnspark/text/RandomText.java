package io.attnspark.text;

import java.util.Random;

/** Random strings from a mixed alphabet, for property tests. */
final class RandomText {
    /** Letters, digits, punctuation runs, connectors, accents, combining marks, CJK, emoji, spaces. */
    private static final String[] PIECES = {
        "a", "b", "Z", "\u00e9", "\u00df", "\u00c4", "\u0131", "0", "7", "3.5", "1,000", ".", ",", "'", "\u2019", "-", "\u2010",
        "@", "@@", "(", ")", "\"", "\u00ab", "\u00bb", "!", "?", "...", ":", "/", "%", "&", "<", ">", "#", "_", "\u0301", "\u0308",
        "\u65e5", "\u672c", "\u0928\u092e\u0938\u094d\u0924\u0947", "\ud83d\ude00", "\ud83d\udc4d\ud83c\udffd", "\u2764\ufe0f",
        "\ud83c\udde9\ud83c\uddea", "\ud83c\uddeb", "\u00bd", "\u00b2", "\u2460", "\ufb01", "\u25a0", "</s>", "<unk>", "\u0644\u0627",
        " ", " ", " ", "  ", "\t", "\u00a0"
    };
    private static final String[] MESSY = {"\u0000", "\u200b", "\u200d", "\u00ad", "\ufeff", "\uffed", "\u2028", "\r\n", "\u0085",
        "\u00a8", "\u1e9b\u0323", "\udb40\udc67", "\u0345", "\u0130"};

    private RandomText() {
    }

    /** A string of {@code pieces} random pieces, which may need normalising. */
    static String mixed(Random random, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** Like {@link #mixed}, with control, format and compatibility characters mixed in. */
    static String messy(Random random, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(random.nextInt(4) == 0 ? MESSY[random.nextInt(MESSY.length)] : PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }
}
