package io.attnspark.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    private static final Tokenizer TOKENIZER = new Tokenizer();
    private static final TextNormalizer NFKC = new TextNormalizer("NFKC", false);

    /** Golden tokenizations: input | tokens separated by single spaces. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Hello, world!|Hello ￭, world ￭!",
        "`\"Quoted\" (3.5%) don't`|`\"￭ Quoted ￭\" (￭ 3.5 ￭% ￭) don't`",
        "A T-Shirt costs 1,000 or 2019-2020?!|A T-Shirt costs 1,000 or 2019 ￭-￭ 2020 ￭? ￭!",
        "Wait... L'homme d’affaires — c'est ça «oui»|Wait ￭... L'homme d’affaires — c'est ça «￭ oui ￭»",
        "https://example.com/a?b=1|https ￭: ￭//￭ example ￭.￭ com ￭/￭ a ￭?￭ b ￭=￭ 1",
        "Ein Mädchen (5 Jahre) spielt; 10:30 Uhr.|Ein Mädchen (￭ 5 Jahre ￭) spielt ￭; 10 ￭:￭ 30 Uhr ￭.",
        "'90s rock'n'roll 90's|'￭ 90s rock'n'roll 90's",
        "mail@x.org foo@@|mail ￭@￭ x ￭.￭ org foo ￭@ ￭@",
        "😀😀 👍🏽 🇩🇪!|😀😀 👍🏽 🇩🇪 ￭!",
        "a(b)c|a ￭(￭ b ￭)￭ c",
    })
    void goldenTokenizations(String text, String expected) {
        assertEquals(List.of(expected.split(" ")), TOKENIZER.tokenize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Hello, world!", "\"Quotes\" 'single' „deutsch“ «français» ‚x‘ (paren) [bracket] {brace}",
        "Punctuation runs!!! ?!?! ... -- --- ,,, ;; :: ///", "Numbers: 3.5, 1,000, 1.000.000, -5, +3, 2019-2020, 10:30, 50%",
        "Apostrophes: don't, it's, l'homme, aujourd'hui, O'Neill, James' car, 'tis, rock'n'roll, the '90s",
        "Hyphens: state-of-the-art, T-Shirt, e-mail, -leading, trailing-, a - b, COVID-19", "URL https://www.example.com/path?q=1&r=2#frag and mail a.b@c.de",
        "Größere Straßen führen über Brücken; Äpfel und Öl.", "L'élève a mangé à midi, naïveté, cœur, Noël, où?",
        "Emoji 😀😀 👍🏽 ❤️ 🇩🇪🇫🇷 👨👩👧!", "CJK 日本語のテキスト。中文，标点！", "Devanagari नमस्ते दुनिया", "Mixed: abc日本 x²+y½ ① ™ ©2024",
        "Specials <pad> <unk> <s> </s> look like text", "@@ @@@ a@@b @", "a", "", ".", "''", "--", "...a...",
    })
    void roundTripsTrickySentences(String raw) {
        String s = NFKC.normalize(raw);
        List<String> tokens = TOKENIZER.tokenize(s);
        assertEquals(s, TOKENIZER.detokenize(tokens), () -> "tokens " + tokens);
        assertWellFormed(tokens);
    }

    @Test
    void roundTripsRandomMixedStrings() {
        Random random = new Random(42);
        TextNormalizer[] normalizers = {NFKC, new TextNormalizer("NFC", true), new TextNormalizer("none", false)};
        for (int i = 0; i < 20_000; i++) {
            String s = normalizers[i % normalizers.length].normalize(RandomText.messy(random, 1 + random.nextInt(25)));
            List<String> tokens = TOKENIZER.tokenize(s);
            assertEquals(s, TOKENIZER.detokenize(tokens), () -> "on " + TextNormalizerTest.escape(s) + " tokens " + tokens);
            assertWellFormed(tokens);
        }
    }

    @Test
    void emptyAndSpaceOnlyLinesHaveNoTokens() {
        assertEquals(List.of(), TOKENIZER.tokenize(""));
        assertEquals(List.of(), TOKENIZER.tokenize("   "));
        assertEquals("", TOKENIZER.detokenize(List.of()));
    }

    @Test
    void joinerInTheInputIsRefusedWithOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TOKENIZER.tokenize("a ￭ b"));
        assertEquals("text contains the joiner marker U+FFED at offset 2; normalise it with TextNormalizer first: 'a ￭ b'", e.getMessage());
    }

    @Test
    void detokenizeGluesAcrossALoneJoinerAndIgnoresEmptyTokens() {
        assertEquals("ab c", TOKENIZER.detokenize(List.of("a", "￭", "b", "", "c")));
        assertEquals("a-b", TOKENIZER.detokenize(List.of("a", "￭-￭", "b")));
    }

    @Test
    void survivesJavaSerialization() {
        assertEquals(List.of("x", "￭."), Resources.roundTrip(TOKENIZER).tokenize("x."));
    }

    private static void assertWellFormed(List<String> tokens) {
        for (String t : tokens) {
            assertFalse(t.isEmpty() || t.equals(Tokenizer.JOINER), () -> "empty token in " + tokens);
            assertTrue(t.codePoints().noneMatch(TextNormalizer::isSpace), () -> "space in token '" + t + "'");
            assertFalse(t.endsWith("@@"), () -> "token ends with the BPE separator: '" + t + "'");
            assertFalse(t.substring(1, Math.max(1, t.length() - 1)).contains(Tokenizer.JOINER), () -> "inner joiner in '" + t + "'");
        }
    }
}
