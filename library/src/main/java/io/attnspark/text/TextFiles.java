package io.attnspark.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Strict UTF-8, {@code \n}-separated line files: the format of vocabularies and BPE codes. */
final class TextFiles {
    private TextFiles() {
    }

    /**
     * The lines of {@code in}, decoded strictly as UTF-8; a final newline is optional. Malformed UTF-8 and
     * carriage returns are errors naming {@code source} and the line.
     */
    static List<String> readLines(InputStream in, String source) throws IOException {
        byte[] bytes = in.readAllBytes();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = 0;
        int lineNo = 1;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String line;
            try {
                line = decoder.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            } catch (CharacterCodingException e) {
                throw new TextFormatException(source, lineNo, "not valid UTF-8 (" + e.getMessage() + ")");
            }
            if (line.indexOf('\r') >= 0) {
                throw new TextFormatException(source, lineNo, "carriage return in line; expected \\n line endings");
            }
            lines.add(line);
            start = end + 1;
            lineNo++;
        }
        return lines;
    }

    /** {@code lines} as UTF-8, each followed by {@code \n}. */
    static byte[] toBytes(List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Lowercase hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
