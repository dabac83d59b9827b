package io.attnspark.prep.captions;

/**
 * Why a caption record is not written, in the order the checks apply (the first that applies counts). Codes
 * start at 1; 0 means written.
 */
public enum CaptionSkip {
    /** The record could not be read: a line without a tab, a CSV row with the wrong number of fields, an annotation of no known image. */
    MALFORMED("malformed"),
    /** Its image is in no split list ({@link ImageSkip#UNLISTED}). */
    IMAGE_UNLISTED("image-unlisted"),
    /** Its image name is refused ({@link ImageSkip#BAD_PATH}). */
    IMAGE_BAD_PATH("image-bad-path"),
    /** The caption is empty after normalisation. */
    EMPTY("empty"),
    /** Its image file is missing. */
    IMAGE_MISSING("image-missing"),
    /** Its image file could not be read. */
    IMAGE_UNREADABLE("image-unreadable"),
    /** Its image is too large. */
    IMAGE_TOO_LARGE("image-too-large"),
    /** Its image could not be decoded. */
    IMAGE_CORRUPT("image-corrupt");

    private final String key;

    CaptionSkip(String key) {
        this.key = key;
    }

    /** The name in the manifest and the summary. */
    public String key() {
        return key;
    }

    public int code() {
        return ordinal() + 1;
    }
}
