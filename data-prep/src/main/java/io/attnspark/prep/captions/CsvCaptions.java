package io.attnspark.prep.captions;

import io.attnspark.prep.PrepException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads CSV caption files (RFC 4180): a header row naming an {@code image} and a {@code caption} column (case
 * and surrounding spaces ignored; other columns are ignored), then one caption a row. Fields may be quoted with
 * {@code "} (a quote inside is doubled) and then hold commas and line breaks. A row with a different number of
 * fields than the header, a blank row, a row without an image name, and an unterminated quote (which swallows
 * the rest of the file) are malformed. Rows are named by the line they start on.
 */
final class CsvCaptions {
    static final String IMAGE = "image";
    static final String CAPTION = "caption";

    private CsvCaptions() {
    }

    /** Whether {@code line} looks like a header naming the image and caption columns. */
    static boolean isHeader(String line) {
        List<String> names = new ArrayList<>();
        for (String f : line.split(",", -1)) {
            names.add(column(f));
        }
        return names.contains(IMAGE) && names.contains(CAPTION);
    }

    private static String column(String field) {
        String f = field.strip();
        if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
            f = f.substring(1, f.length() - 1).replace("\"\"", "\"").strip();
        }
        return f.toLowerCase(Locale.ROOT);
    }

    /**
     * @throws PrepException naming the file if the header lacks the image or caption column
     */
    static ParsedCaptions parse(String text, String path, int maxListed) {
        ParsedCaptions parsed = new ParsedCaptions(maxListed);
        Reader reader = new Reader(text);
        Record header = reader.next();
        if (header == null) {
            throw new PrepException(path + ": no header row");
        }
        List<String> names = header.fields.stream().map(CsvCaptions::column).toList();
        int image = names.indexOf(IMAGE);
        int caption = names.indexOf(CAPTION);
        if (image < 0 || caption < 0 || header.unterminated) {
            throw new PrepException(path + ": the header row must name an image and a caption column, found "
                    + String.join(",", names));
        }
        for (Record r = reader.next(); r != null; r = reader.next()) {
            String where = "line " + r.line;
            if (r.unterminated) {
                parsed.malformed(where + ": unterminated quote");
            } else if (r.fields.size() == 1 && r.fields.get(0).isBlank()) {
                parsed.malformed(where + ": blank line");
            } else if (r.fields.size() != names.size()) {
                parsed.malformed(where + ": " + r.fields.size() + " fields, the header has " + names.size());
            } else if (r.fields.get(image).isBlank()) {
                parsed.malformed(where + ": no image name");
            } else {
                parsed.add(r.fields.get(image).strip(), r.fields.get(caption), where);
            }
        }
        return parsed;
    }

    /** One row: its fields, the 1-based line it starts on, and whether a quote was left open at the end of the file. */
    private record Record(List<String> fields, long line, boolean unterminated) {
    }

    /** RFC 4180 rows of a whole text; line ends are {@code \n}, {@code \r\n} or a lone {@code \r}. */
    private static final class Reader {
        private final String text;
        private int pos;
        private long line = 1;

        Reader(String text) {
            this.text = text;
        }

        Record next() {
            if (pos >= text.length()) {
                return null;
            }
            long start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            field.append('"');
                            pos++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (isLineEnd(c)) {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    fields.add(field.toString());
                    return new Record(fields, start, false);
                } else {
                    field.append(c);
                    fieldStart = false;
                }
            }
            fields.add(field.toString());
            return new Record(fields, start, quoted);
        }

        /** A line end inside a quoted field: {@code \n}, or a {@code \r} not followed by {@code \n}. */
        private boolean isLineEnd(char c) {
            return c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'));
        }
    }
}
