package io.attnspark.metrics;

import java.util.regex.Pattern;

/**
 * The {@code 13a} tokenizer of sacreBLEU ({@code tokenizer_13a.py} with the rules of
 * {@code tokenizer_re.py}), itself a port of mteval-v13a.pl: the tokenization under BLEU's reported
 * figures. Not reversible; only for scoring.
 */
public final class Tokenizer13a {
    /** Symbols and most ASCII punctuation: {@code {|}~ [\]^_` space!"#$%& ()*+ :;<=>?@ /}. */
    private static final Pattern SYMBOLS = Pattern.compile("([\\x7B-\\x7E\\x5B-\\x60\\x20-\\x26\\x28-\\x2B\\x3A-\\x40/])");
    private static final Pattern PERIOD_COMMA_NOT_AFTER_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_NOT_BEFORE_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private Tokenizer13a() {
    }

    /** The tokenized line, tokens separated by single spaces (as sacreBLEU returns it). */
    public static String tokenize(String line) {
        String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        s = " " + s + " ";
        s = SYMBOLS.matcher(s).replaceAll(" $1 ");
        s = PERIOD_COMMA_NOT_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_NOT_BEFORE_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return String.join(" ", PyText.split(s));
    }
}
