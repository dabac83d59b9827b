package io.attnspark.text;

import java.io.IOException;

/**
 * A vocabulary or BPE codes file that cannot be read; the message is one line,
 * {@code "<source>:<line>: <what is wrong>"}.
 */
public final class TextFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;

    /**
     * @param source the name of the file or stream, as given by the caller
     * @param line   1-based line number, or 0 when the problem concerns the whole file
     * @param problem what is wrong, without the location
     */
    public TextFormatException(String source, int line, String problem) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The source name given to the reader. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }
}
