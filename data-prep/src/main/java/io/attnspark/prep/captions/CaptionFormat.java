package io.attnspark.prep.captions;

import io.attnspark.prep.PrepException;

import java.util.Locale;

/** The caption file formats {@code prep-captions} reads. */
public enum CaptionFormat {
    /** Flickr8k / Flickr30k token files: {@code IMAGE.jpg#N<TAB>caption}, one caption a line. */
    FLICKR8K("flickr8k"),
    /** Comma-separated values (RFC 4180 quoting) with a header row naming an {@code image} and a {@code caption} column. */
    CSV("csv"),
    /** COCO captions JSON: {@code images} with {@code id} and {@code file_name}, {@code annotations} with {@code image_id} and {@code caption}. */
    COCO("coco");

    private final String key;

    CaptionFormat(String key) {
        this.key = key;
    }

    /**
     * The caption records of {@code text}, the content of the file {@code path}, in this format; at most
     * {@code maxListed} malformed records are kept as examples.
     */
    public ParsedCaptions parse(String text, String path, int maxListed) {
        return switch (this) {
            case FLICKR8K -> Flickr8kCaptions.parse(text, maxListed);
            case CSV -> CsvCaptions.parse(text, path, maxListed);
            case COCO -> CocoCaptions.parse(text, path, maxListed);
        };
    }

    /** The value of {@code captions.format} that names this format. */
    public String key() {
        return key;
    }

    /**
     * The format of {@code path} whose decoded text is {@code text}: {@code captions.format} when it is not
     * {@code auto}; else by extension ({@code .json} COCO, {@code .csv} CSV), else by content: JSON (first
     * character {@code {}) is COCO, a first line with a tab is Flickr8k, a first line naming the {@code image} and
     * {@code caption} columns is CSV.
     *
     * @throws PrepException naming the file when the format cannot be told
     */
    public static CaptionFormat resolve(String configured, String path, String text) {
        if (!configured.equals("auto")) {
            for (CaptionFormat f : values()) {
                if (f.key.equals(configured)) {
                    return f;
                }
            }
            throw new PrepException("unknown caption format '" + configured + "' (flickr8k, csv, coco or auto)");
        }
        String name = path.toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return COCO;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        String start = text.stripLeading();
        if (start.startsWith("{")) {
            return COCO;
        }
        String firstLine = start.lines().findFirst().orElse("");
        if (firstLine.indexOf('\t') >= 0) {
            return FLICKR8K;
        }
        if (CsvCaptions.isHeader(firstLine)) {
            return CSV;
        }
        throw new PrepException("cannot tell the format of " + path + ": not COCO JSON, not IMAGE#N<TAB>caption lines,"
                + " not a CSV with an image,caption header; set captions.format (flickr8k, csv or coco)");
    }
}
