package io.attnspark.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A reversible, language-independent tokenizer: {@code detokenize(tokenize(s)).equals(s)} for every
 * normalised {@code s} (single spaces, trimmed, no U+FFED; see {@link TextNormalizer}).
 *
 * <p>Rules, applied to code points:
 * <ul>
 *   <li>Spaces separate tokens and never appear in one.</li>
 *   <li>A <b>word</b> is a run of letters and numbers (Unicode {@code L*}, {@code Nd}, {@code Nl},
 *       {@code No}): {@code Haus}, {@code 2019}, {@code 3rd}, {@code mp3}.</li>
 *   <li>Inside a word these connectors stay: an apostrophe ({@code '} or U+2019) between two word
 *       characters ({@code don't}, {@code l'homme}, {@code rock'n'roll}); a hyphen ({@code -}, U+2010,
 *       U+2011) between two word characters that are not both digits ({@code T-Shirt},
 *       {@code state-of-the-art}, {@code COVID-19}, but {@code 1990 ￭-￭ 2000}); a {@code .} or {@code ,}
 *       between two decimal digits ({@code 3.5}, {@code 1,000}, {@code 1.000.000}).</li>
 *   <li>Every other character (punctuation, symbols, emoji) is a token of its own, except that a run of
 *       the same character stays together ({@code ...}, {@code !!}, {@code --}) and two regional
 *       indicators make one flag; {@code @} is never grouped, so no token ends in the BPE separator
 *       {@code @@}.</li>
 *   <li>Combining marks ({@code Mn}, {@code Mc}, {@code Me}, emoji skin-tone modifiers) stay with the
 *       character before them.</li>
 * </ul>
 *
 * <p>Following the OpenNMT tokenizer's {@code joiner_annotate} convention, a token that touched its
 * neighbour without a space carries the joiner {@link #JOINER} on that side: the punctuation or symbol
 * token takes it when there is one, the right one when both are ({@code Hello ￭, world ￭!},
 * {@code (￭ 3.5 ￭% ￭)}, {@code a ￭(￭ b}), otherwise the right token does. Detokenization just glues across joiners and puts one space elsewhere, so it needs no
 * language rules.
 *
 * <p>Stateless, thread-safe and {@link Serializable}.
 */
public final class Tokenizer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The joiner marker U+FFED (HALFWIDTH BLACK SQUARE). */
    public static final String JOINER = "\uFFED";
    static final char JOINER_CHAR = '\uFFED';

    private static final byte SPACE = 0;
    private static final byte WORD = 1;
    private static final byte MARK = 2;
    private static final byte SYMBOL = 3;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = classify(c);
        }
    }

    /** The tokens of one normalised line; empty for an empty line. */
    public List<String> tokenize(String normalized) {
        if (normalized == null) {
            throw new IllegalArgumentException("cannot tokenize a null line");
        }
        int joiner = normalized.indexOf(JOINER_CHAR);
        if (joiner >= 0) {
            throw new IllegalArgumentException("text contains the joiner marker U+FFED at offset " + joiner
                    + "; normalise it with TextNormalizer first: " + abbreviate(normalized));
        }
        Spans spans = new Spans(normalized);
        int n = normalized.length();
        int i = 0;
        boolean afterSpace = true;
        while (i < n) {
            int cp = normalized.codePointAt(i);
            int len = Character.charCount(cp);
            byte cls = classOf(cp);
            if (cls == SPACE) {
                spans.close(i);
                afterSpace = true;
            } else if (!spans.open()) {
                spans.start(i, cls == WORD ? WORD : SYMBOL, cp, !afterSpace);
            } else if (cls == MARK || (cls == WORD && spans.kind == WORD)) {
                if (cls == WORD) {
                    spans.lastBase = cp;
                }
            } else if (spans.kind == WORD && isInnerConnector(spans.lastBase, cp, normalized, i + len)) {
                // the connector stays inside the word; the next character extends it
            } else if (spans.kind == SYMBOL && cls == SYMBOL && cp == spans.lastBase && cp != '@' && !isRegionalIndicator(cp)) {
                // a run of the same symbol stays together
            } else if (isRegionalIndicator(cp) && isRegionalIndicator(spans.lastBase) && i - spans.start() == 2) {
                // two regional indicators make one flag
            } else {
                spans.close(i);
                spans.start(i, cls == WORD ? WORD : SYMBOL, cp, true);
            }
            if (cls != SPACE) {
                afterSpace = false;
            }
            i += len;
        }
        spans.close(n);
        return spans.annotate();
    }

    /** The text of {@code tokens}: glued across joiners, one space elsewhere. */
    public String detokenize(List<String> tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("cannot detokenize a null token list");
        }
        StringBuilder out = new StringBuilder(tokens.size() * 8);
        boolean glue = true;
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals(JOINER)) {
                glue = true;
                continue;
            }
            boolean lead = token.charAt(0) == JOINER_CHAR;
            boolean trail = token.length() > 1 && token.charAt(token.length() - 1) == JOINER_CHAR;
            if (!glue && !lead) {
                out.append(' ');
            }
            out.append(token, lead ? 1 : 0, token.length() - (trail ? 1 : 0));
            glue = trail;
        }
        return out.toString();
    }

    private static boolean isInnerConnector(int before, int cp, String text, int next) {
        if (next >= text.length()) {
            return false;
        }
        int after = text.codePointAt(next);
        if (classOf(after) != WORD) {
            return false;
        }
        return switch (cp) {
            case '\'', '\u2019' -> true;
            case '-', '\u2010', '\u2011' -> !(isDigit(before) && isDigit(after));
            case '.', ',' -> isDigit(before) && isDigit(after);
            default -> false;
        };
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isDigit(int cp) {
        return cp < 128 ? cp >= '0' && cp <= '9' : Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
    }

    private static byte classOf(int cp) {
        return cp < 128 ? ASCII[cp] : classify(cp);
    }

    private static byte classify(int cp) {
        if (TextNormalizer.isSpace(cp)) {
            return SPACE;
        }
        if (cp >= 0x1F3FB && cp <= 0x1F3FF) {
            return MARK; // emoji skin-tone modifiers
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER -> WORD;
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> MARK;
            default -> SYMBOL;
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 57) + "...'";
    }

    /** Token spans of one line, with the side they touched their left neighbour on. */
    private static final class Spans {
        private final String text;
        private final List<String> cores = new ArrayList<>();
        private final List<Boolean> symbol = new ArrayList<>();
        private final List<Boolean> attachedLeft = new ArrayList<>();
        private int start = -1;
        byte kind;
        int lastBase;

        Spans(String text) {
            this.text = text;
        }

        boolean open() {
            return start >= 0;
        }

        int start() {
            return start;
        }

        void start(int at, byte kind, int base, boolean attached) {
            this.start = at;
            this.kind = kind;
            this.lastBase = base;
            attachedLeft.add(attached && !cores.isEmpty());
        }

        void close(int end) {
            if (start >= 0) {
                cores.add(text.substring(start, end));
                symbol.add(kind == SYMBOL);
                start = -1;
            }
        }

        List<String> annotate() {
            int m = cores.size();
            boolean[] prefix = new boolean[m];
            boolean[] suffix = new boolean[m];
            for (int t = 1; t < m; t++) {
                if (attachedLeft.get(t)) {
                    if (symbol.get(t) || !symbol.get(t - 1)) {
                        prefix[t] = true;
                    } else {
                        suffix[t - 1] = true;
                    }
                }
            }
            List<String> tokens = new ArrayList<>(m);
            for (int t = 0; t < m; t++) {
                String core = cores.get(t);
                tokens.add(prefix[t] || suffix[t]
                        ? (prefix[t] ? JOINER : "") + core + (suffix[t] ? JOINER : "")
                        : core);
            }
            return tokens;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tokenizer;
    }

    @Override
    public int hashCode() {
        return Tokenizer.class.hashCode();
    }
}
