package io.attnspark.prep.captions;

import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Images and caption records per split and reason. Slot {@link #UNASSIGNED} holds what never reached a split
 * (malformed records; unlisted images and their captions). What came in is counted where it is first seen,
 * independently of where it went, and {@link #check()} proves {@code in = out + sum(skipped)} everywhere.
 */
final class CaptionTally {
    static final int UNASSIGNED = Split.values().length;
    private static final int SLOTS = UNASSIGNED + 1;
    private final long[] imagesIn = new long[SLOTS];
    private final long[] captionsIn = new long[SLOTS];
    /** [slot][0 = written, else reason code]. */
    private final long[][] images = new long[SLOTS][ImageSkip.values().length + 1];
    private final long[][] captions = new long[SLOTS][CaptionSkip.values().length + 1];

    void imageIn(int slot, long captionRecords) {
        imagesIn[slot]++;
        captionsIn[slot] += captionRecords;
    }

    void captionsIn(int slot, long records) {
        captionsIn[slot] += records;
    }

    /** {@code n} images written with {@code captionCount} captions. */
    void written(int slot, long n, long captionCount) {
        images[slot][0] += n;
        captions[slot][0] += captionCount;
    }

    /** {@code n} images skipped for {@code reason}, taking {@code captionCount} caption records with them. */
    void skippedImages(int slot, ImageSkip reason, long n, long captionCount) {
        images[slot][reason.code()] += n;
        CaptionSkip c = reason.captionReason();
        if (c != null) {
            captions[slot][c.code()] += captionCount;
        } else if (captionCount != 0) {
            throw new IllegalStateException(reason.key() + " images cannot carry captions");
        }
    }

    void skippedCaptions(int slot, CaptionSkip reason, long n) {
        captions[slot][reason.code()] += n;
    }

    long imagesOut(Split split) {
        return images[split.code()][0];
    }

    long captionsOut(Split split) {
        return captions[split.code()][0];
    }

    /** @throws PrepException (an internal error) if anything came in and was not accounted for */
    void check() {
        for (int s = 0; s < SLOTS; s++) {
            if (sum(images[s]) != imagesIn[s] || sum(captions[s]) != captionsIn[s]) {
                throw new PrepException("internal error: counts of " + slotName(s) + " do not add up: images in "
                        + imagesIn[s] + " vs " + sum(images[s]) + " accounted, captions in " + captionsIn[s] + " vs "
                        + sum(captions[s]) + " accounted");
            }
        }
    }

    CaptionsManifest.Counts imageCounts(int slot) {
        return imageCounts(new int[] {slot});
    }

    CaptionsManifest.Counts captionCounts(int slot) {
        return captionCounts(new int[] {slot});
    }

    /** Over every split and the unassigned slot. */
    CaptionsManifest.Counts totalImages() {
        return imageCounts(allSlots());
    }

    CaptionsManifest.Counts totalCaptions() {
        return captionCounts(allSlots());
    }

    private CaptionsManifest.Counts imageCounts(int[] slots) {
        long in = 0;
        long out = 0;
        Map<String, Long> skipped = new LinkedHashMap<>();
        for (ImageSkip r : ImageSkip.values()) {
            skipped.put(r.key(), 0L);
        }
        for (int s : slots) {
            in += imagesIn[s];
            out += images[s][0];
            for (ImageSkip r : ImageSkip.values()) {
                skipped.merge(r.key(), images[s][r.code()], Long::sum);
            }
        }
        return new CaptionsManifest.Counts(in, out, skipped);
    }

    private CaptionsManifest.Counts captionCounts(int[] slots) {
        long in = 0;
        long out = 0;
        Map<String, Long> skipped = new LinkedHashMap<>();
        for (CaptionSkip r : CaptionSkip.values()) {
            skipped.put(r.key(), 0L);
        }
        for (int s : slots) {
            in += captionsIn[s];
            out += captions[s][0];
            for (CaptionSkip r : CaptionSkip.values()) {
                skipped.merge(r.key(), captions[s][r.code()], Long::sum);
            }
        }
        return new CaptionsManifest.Counts(in, out, skipped);
    }

    private static int[] allSlots() {
        int[] all = new int[SLOTS];
        for (int s = 0; s < SLOTS; s++) {
            all[s] = s;
        }
        return all;
    }

    private static long sum(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    private static String slotName(int slot) {
        return slot == UNASSIGNED ? "unassigned records" : Split.ofCode(slot).dirName();
    }
}
