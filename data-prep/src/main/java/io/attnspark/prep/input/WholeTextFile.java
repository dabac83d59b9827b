package io.attnspark.prep.input;

import io.attnspark.prep.PrepException;
import io.attnspark.prep.output.FileDigest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A small text file (a caption file, a split list) read whole on the driver from any Hadoop file system:
 * strict UTF-8 (a leading byte-order mark is dropped), with its size and the SHA-256 of its bytes.
 *
 * @param path   fully qualified path
 * @param bytes  size in bytes
 * @param sha256 lowercase hex SHA-256 of the bytes
 * @param text   the decoded text
 */
public record WholeTextFile(String path, long bytes, String sha256, String text) {
    /** Larger files do not fit in one Java array; caption files of that size belong in a Spark reader. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    /**
     * Reads {@code path}.
     *
     * @param what what the file is, for messages ({@code captions}, {@code train list})
     * @throws PrepException naming the file when it is missing, not a file, empty, too large or not UTF-8 (with
     *                       the 1-based line of the first invalid byte)
     */
    public static WholeTextFile read(Configuration conf, String path, String what) {
        Path p = new Path(path);
        byte[] bytes;
        String qualified;
        try {
            FileSystem fs = p.getFileSystem(conf);
            FileStatus status;
            try {
                status = fs.getFileStatus(p);
            } catch (FileNotFoundException e) {
                throw new PrepException(what + " file not found: " + path, e);
            }
            qualified = status.getPath().toString();
            if (!status.isFile()) {
                throw new PrepException(what + " file " + qualified + " is not a file");
            }
            if (status.getLen() == 0) {
                throw new PrepException(what + " file " + qualified + " is empty");
            }
            if (status.getLen() > MAX_BYTES) {
                throw new PrepException(what + " file " + qualified + " has " + status.getLen() + " bytes; at most "
                        + MAX_BYTES + " are read on the driver");
            }
            try (InputStream in = fs.open(p)) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new PrepException("cannot read " + what + " file " + path + ": " + e.getMessage(), e);
        }
        return new WholeTextFile(qualified, bytes.length, FileDigest.sha256(bytes), decode(bytes, qualified));
    }

    /**
     * {@code bytes} as strict UTF-8 without a leading byte-order mark.
     *
     * @throws PrepException {@code "PATH: line N is not valid UTF-8"}
     */
    static String decode(byte[] bytes, String path) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new PrepException(path + ": line " + lineOf(bytes, in.position()) + " is not valid UTF-8");
        }
        out.flip();
        return out.toString();
    }

    /** The 1-based line of byte {@code offset}, counting {@code \n}, {@code \r\n} and lone {@code \r} as line ends. */
    static long lineOf(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }
}
