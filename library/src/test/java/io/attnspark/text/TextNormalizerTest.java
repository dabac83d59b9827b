package io.attnspark.text;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextNormalizerTest {
    private static final TextNormalizer NFC = new TextNormalizer("NFC", false);
    private static final TextNormalizer NFKC = new TextNormalizer("NFKC", false);
    private static final TextNormalizer NONE = new TextNormalizer("none", false);

    @Test
    void composesOrDecomposesCompatibilityCharactersByForm() {
        assertEquals("caf\u00e9", NFC.normalize("cafe\u0301"));
        assertEquals("\ufb01le \u2460", NFC.normalize("\ufb01le \u2460"));
        assertEquals("file 1", NFKC.normalize("\ufb01le \u2460"));
        assertEquals("cafe\u0301", NONE.normalize("cafe\u0301"));
    }

    @Test
    void whitespaceBecomesSingleSpacesAndIsTrimmed() {
        assertEquals("a b c d e", NFC.normalize(" \ta \u00a0 b\nc\r\n\u2028d\u3000\u0085e  "));
        assertEquals("", NFC.normalize(" \t\n "));
        assertEquals("", NFC.normalize(""));
    }

    @Test
    void controlAndFormatCharactersAreRemoved() {
        assertEquals("abcdef", NFC.normalize("a\u0000b\u200bc\u00adde\ufefff"));
        assertEquals("a b", NFC.normalize("a \u200b b"));
        assertEquals("\ud83c\udff4", NFC.normalize("\ud83c\udff4\udb40\udc67\udb40\udc62\udb40\udc7f")); // tag characters
    }

    @Test
    void joinerMarkerIsReplacedByItsCompatibilityForm() {
        assertEquals("a\u25a0b", NFC.normalize("a\uffedb"));
        assertEquals("a\u25a0b", NONE.normalize("a\uffedb"));
        assertEquals(Normalizer.normalize("\uffed", Normalizer.Form.NFKC), NFKC.normalize("\uffed"));
    }

    @Test
    void lowercasesWithTheRootLocale() {
        TextNormalizer lower = new TextNormalizer("NFC", true);
        assertEquals("stra\u00dfe \u00e4pfel i title", lower.normalize("STRA\u00dfE \u00c4pfel I Title"));
        assertEquals("i\u0307stanbul", lower.normalize("\u0130stanbul"));
    }

    @Test
    void badFormIsOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TextNormalizer("NFD", false));
        assertEquals("normalization form 'NFD' is not one of NFC, NFKC, none", e.getMessage());
    }

    @Test
    void resultIsAFixedPointOnRandomText() {
        Random random = new Random(11);
        for (TextNormalizer n : new TextNormalizer[] {NFC, NFKC, NONE, new TextNormalizer("NFKC", true)}) {
            for (int i = 0; i < 2000; i++) {
                String s = RandomText.messy(random, 1 + random.nextInt(20));
                String once = n.normalize(s);
                assertEquals(once, n.normalize(once), () -> n + " not idempotent on " + escape(s));
                assertTrue(!once.startsWith(" ") && !once.endsWith(" ") && !once.contains("  ") && once.indexOf('\uffed') < 0,
                        () -> n + " left bad spacing or the joiner in " + escape(once));
            }
        }
    }

    @Test
    void fastPathAgreesWithTheJdkNormalizer() {
        Random random = new Random(5);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                sb.append((char) (0x21 + random.nextInt(0x2ff - 0x21)));
            }
            String s = sb.toString();
            assertEquals(Normalizer.normalize(s, Normalizer.Form.NFC), NFC.unicode(s), () -> escape(s));
            assertEquals(Normalizer.normalize(s, Normalizer.Form.NFKC), NFKC.unicode(s), () -> escape(s));
        }
    }

    @Test
    void survivesJavaSerialization() {
        assertEquals(NFKC, Resources.roundTrip(NFKC));
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(cp >= 0x20 && cp < 0x7f ? String.valueOf((char) cp) : String.format("\\u{%x}", cp)));
        return sb.toString();
    }
}
