package io.attnspark.jobs.score;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one caption run, as {@code summary.json} and the last line printed.
 *
 * @param images        images listed
 * @param ok            images captioned
 * @param errors        images that could not be read or decoded
 * @param words         words in the captions of the ok images
 * @param decodeSeconds wall time of the captioning job (reading, decoding, captioning, writing Parquet and maps)
 * @param totalSeconds  wall time of the whole run, model loading and the summary and text passes included
 */
public record CaptionSummary(long images, long ok, long errors, long words, double decodeSeconds,
                             double totalSeconds) {

    public double imagesPerSecond() {
        return decodeSeconds > 0 ? images / decodeSeconds : 0.0;
    }

    public double wordsPerSecond() {
        return decodeSeconds > 0 ? words / decodeSeconds : 0.0;
    }

    /** The figures as summary.json has them (snake_case), followed by {@code context} (what ran on what). */
    public Map<String, Object> toJson(Map<String, Object> context) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records_in", images);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put(ScoreStatus.OK.label(), ok);
        status.put(ScoreStatus.ERROR.label(), errors);
        m.put("status", status);
        m.put("decode_seconds", decodeSeconds);
        m.put("total_seconds", totalSeconds);
        m.put("images_per_s", imagesPerSecond());
        m.put("generated_words", words);
        m.put("generated_words_per_s", wordsPerSecond());
        m.putAll(context);
        return m;
    }

    /** One line: images per status, rates. */
    public String line() {
        return String.format(Locale.ROOT, "score: %,d images (ok %,d, error %,d) in %.1f s: %,.2f images/s, %,.1f "
                + "generated words/s; total %.1f s", images, ok, errors, decodeSeconds, imagesPerSecond(),
                wordsPerSecond(), totalSeconds);
    }
}
