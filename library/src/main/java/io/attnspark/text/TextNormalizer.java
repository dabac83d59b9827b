package io.attnspark.text;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * Cleans one line of raw text before tokenization, the same way in prep, training and scoring.
 *
 * <p>In order:
 * <ol>
 *   <li>Unicode normalisation to {@code NFC} or {@code NFKC} ({@code none} skips it);</li>
 *   <li>every whitespace character (Unicode White_Space: tab, no-break space, line separators, ...)
 *       becomes a plain space; control ({@code Cc}) and format ({@code Cf}: zero-width space and joiners,
 *       soft hyphen, byte-order mark, bidi marks) characters are removed;</li>
 *   <li>runs of spaces collapse to one space, and the line is trimmed;</li>
 *   <li>the tokenizer's joiner marker {@link Tokenizer#JOINER} (U+FFED) becomes U+25A0, which is what
 *       NFKC maps it to anyway, so normalised text never contains the marker;</li>
 *   <li>optionally, lowercasing with {@link Locale#ROOT}.</li>
 * </ol>
 * The result is a fixed point: {@code normalize(normalize(s)).equals(normalize(s))}.
 *
 * <p>Immutable and {@link Serializable}.
 */
public final class TextNormalizer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The accepted values of {@code data.normalization}. */
    public static final List<String> FORMS = List.of("NFC", "NFKC", "none");

    /** What the joiner marker becomes in normalised text (its NFKC form). */
    static final char JOINER_REPLACEMENT = '\u25A0';

    /** Characters below this are tested against {@link #invariant} instead of calling {@link Normalizer}. */
    private static final int FAST_LIMIT = 0x300;
    private static final boolean[] NFC_INVARIANT = invariantTable(Normalizer.Form.NFC);
    private static final boolean[] NFKC_INVARIANT = invariantTable(Normalizer.Form.NFKC);

    private final String form;
    private final boolean lowercase;

    /**
     * @param form      {@code NFC}, {@code NFKC} or {@code none}
     * @param lowercase lowercase after normalisation ({@link Locale#ROOT})
     */
    public TextNormalizer(String form, boolean lowercase) {
        if (!FORMS.contains(form)) {
            throw new IllegalArgumentException("normalization form '" + form + "' is not one of " + String.join(", ", FORMS));
        }
        this.form = form;
        this.lowercase = lowercase;
    }

    /** The normalised form of one line: single spaces, trimmed, never {@code null}. */
    public String normalize(String s) {
        if (s == null) {
            throw new IllegalArgumentException("cannot normalise a null line");
        }
        String t = clean(unicode(s));
        if (lowercase) {
            t = t.toLowerCase(Locale.ROOT);
        }
        // Removing characters or lowercasing can leave a string that is no longer in normal form
        // (a combining mark meets its base again); iterate to the fixed point, which is reached at once
        // in practice.
        for (int round = 0; round < 4; round++) {
            String u = unicode(t);
            if (u.equals(t)) {
                return t;
            }
            t = clean(u);
            if (lowercase) {
                t = t.toLowerCase(Locale.ROOT);
            }
        }
        return t;
    }

    /** The Unicode normalisation form: {@code NFC}, {@code NFKC} or {@code none}. */
    public String form() {
        return form;
    }

    /** Whether the normaliser lowercases. */
    public boolean lowercase() {
        return lowercase;
    }

    /** Step 1 alone: the Unicode normal form of {@code s} (package-private for tests). */
    String unicode(String s) {
        if (form.equals("none")) {
            return s;
        }
        boolean nfc = form.equals("NFC");
        boolean[] table = nfc ? NFC_INVARIANT : NFKC_INVARIANT;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= FAST_LIMIT || !table[c]) {
                return Normalizer.normalize(s, nfc ? Normalizer.Form.NFC : Normalizer.Form.NFKC);
            }
        }
        return s;
    }

    /** Whitespace to single spaces, control/format characters removed, trimmed, joiner replaced. */
    static String clean(String s) {
        if (isClean(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp == Tokenizer.JOINER_CHAR ? JOINER_REPLACEMENT : cp);
        }
        return out.toString();
    }

    private static boolean isClean(String s) {
        int n = s.length();
        if (n > 0 && (s.charAt(0) == ' ' || s.charAt(n - 1) == ' ')) {
            return false;
        }
        int prev = 'x';
        for (int i = 0; i < n; ) {
            int cp = s.charAt(i);
            if (cp >= 0x21 && cp < 0x7F) {
                prev = cp;
                i++;
                continue;
            }
            cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ' ? prev == ' ' : needsCleaning(cp)) {
                return false;
            }
            prev = cp;
        }
        return true;
    }

    private static boolean needsCleaning(int cp) {
        int type = Character.getType(cp);
        return isSpace(cp) || type == Character.CONTROL || type == Character.FORMAT || cp == Tokenizer.JOINER_CHAR;
    }

    /** Unicode White_Space (Java's whitespace and space characters plus U+0085 NEXT LINE). */
    static boolean isSpace(int cp) {
        return cp == ' ' || cp == 0x85 || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean[] invariantTable(Normalizer.Form f) {
        boolean[] table = new boolean[FAST_LIMIT];
        for (char c = 0; c < FAST_LIMIT; c++) {
            String s = String.valueOf(c);
            table[c] = Normalizer.normalize(s, f).equals(s);
        }
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextNormalizer other && form.equals(other.form) && lowercase == other.lowercase;
    }

    @Override
    public int hashCode() {
        return form.hashCode() * 31 + Boolean.hashCode(lowercase);
    }

    @Override
    public String toString() {
        return "TextNormalizer(" + form + (lowercase ? ", lowercase" : "") + ")";
    }
}
