package io.attnspark.prep.input;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8Test {
    @Test
    void acceptsWellFormedText() {
        byte[] b = "Grüße, 東京, 😀, a\u0301".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.isValid(b, b.length));
        assertTrue(Utf8.isValid(new byte[0], 0));
    }

    @Test
    void rejectsMalformedText() {
        assertFalse(valid(0xC3));                   // truncated
        assertFalse(valid(0xC0, 0xAF));             // overlong '/'
        assertFalse(valid(0xED, 0xA0, 0x80));       // surrogate
        assertFalse(valid(0xF4, 0x90, 0x80, 0x80)); // above U+10FFFF
        assertFalse(valid(0x80));                   // stray continuation
        assertFalse(valid(0xE9, 0x74));             // Latin-1 "ét"
        assertTrue(valid(0xE2, 0x82, 0xAC));        // euro sign
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random r = new Random(1);
        for (int n = 0; n < 20000; n++) {
            byte[] b = new byte[r.nextInt(8)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (r.nextBoolean() ? 0x80 + r.nextInt(0x80) : r.nextInt(0x100));
            }
            assertEquals(jdk(b), Utf8.isValid(b, b.length), java.util.HexFormat.of().formatHex(b));
        }
    }

    private static boolean valid(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.isValid(b, b.length);
    }

    private static boolean jdk(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
