package io.attnspark.prep.captions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The caption records of one caption file: the well-formed ones ({@link Entry}: image name and raw caption),
 * the malformed ones (counted, the first few described), and for COCO the images the file declares (which may
 * have no caption). {@code records() == entries().size() + malformed()}.
 */
public final class ParsedCaptions {
    /**
     * One caption as the file gives it.
     *
     * @param image   the image name, relative to the image directory (not yet checked)
     * @param caption the raw caption text (not yet normalised; may be empty)
     * @param where   its place in the file, for messages: {@code line 12} or {@code annotation 5}
     */
    public record Entry(String image, String caption, String where) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> declaredImages = new ArrayList<>();
    private final List<String> malformedExamples = new ArrayList<>();
    private final int maxListed;
    private long malformed;

    ParsedCaptions(int maxListed) {
        this.maxListed = maxListed;
    }

    void add(String image, String caption, String where) {
        entries.add(new Entry(image, caption, where));
    }

    void malformed(String description) {
        malformed++;
        if (malformedExamples.size() < maxListed) {
            malformedExamples.add(description);
        }
    }

    void declare(String image) {
        declaredImages.add(image);
    }

    /** The well-formed records, in file order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Images the file names without a caption record (COCO {@code images}), in file order; empty for other formats. */
    public List<String> declaredImages() {
        return Collections.unmodifiableList(declaredImages);
    }

    /** Caption records that could not be read (no tab, wrong CSV field count, annotation without image or caption). */
    public long malformed() {
        return malformed;
    }

    /** The first {@code captions.max-listed} malformed records, each as {@code "line 3: no tab"}. */
    public List<String> malformedExamples() {
        return Collections.unmodifiableList(malformedExamples);
    }

    /** All caption records: well-formed and malformed. */
    public long records() {
        return entries.size() + malformed;
    }
}
