package io.attnspark.prep.captions;

/**
 * Why an image is not written, in the order the checks apply (the first that applies counts). Codes start at
 * 1; 0 means written.
 */
public enum ImageSkip {
    /** With {@code --train-list}: the image is in no split list. */
    UNLISTED("unlisted"),
    /** Its name is not a safe relative path ({@code ../x.jpg}, {@code /etc/x.jpg}, ...). */
    BAD_PATH("bad-path"),
    /** No non-empty caption (listed in a split list, or declared by COCO, without one). */
    NO_CAPTIONS("no-captions"),
    /** No file of that name in the image directory. */
    MISSING("missing"),
    /** The file exists but could not be read (a directory, no permission, an I/O error). */
    UNREADABLE("unreadable"),
    /** More than {@code captions.max-source-pixels} pixels. */
    TOO_LARGE("too-large"),
    /** Not decodable as an image (garbage, truncated, unsupported colour model). */
    CORRUPT("corrupt");

    private final String key;

    ImageSkip(String key) {
        this.key = key;
    }

    /** The name in the manifest and the summary. */
    public String key() {
        return key;
    }

    public int code() {
        return ordinal() + 1;
    }

    public static ImageSkip ofCode(int code) {
        return values()[code - 1];
    }

    /** The reason its captions are counted under; {@code null} for {@link #NO_CAPTIONS} (it has none). */
    public CaptionSkip captionReason() {
        return switch (this) {
            case UNLISTED -> CaptionSkip.IMAGE_UNLISTED;
            case BAD_PATH -> CaptionSkip.IMAGE_BAD_PATH;
            case NO_CAPTIONS -> null;
            case MISSING -> CaptionSkip.IMAGE_MISSING;
            case UNREADABLE -> CaptionSkip.IMAGE_UNREADABLE;
            case TOO_LARGE -> CaptionSkip.IMAGE_TOO_LARGE;
            case CORRUPT -> CaptionSkip.IMAGE_CORRUPT;
        };
    }
}
