package io.attnspark.prep.captions;

import io.attnspark.prep.input.WholeTextFile;
import io.attnspark.text.TextNormalizer;
import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference captions by image name, read from a captions file in any format prep-captions reads (Flickr8k token
 * file, CSV, COCO JSON; {@code captions.format} of {@code config}) and normalised as prep-captions normalised the
 * training captions ({@code config}'s normalisation and lowercasing), for BLEU against captions a model generated.
 *
 * @param byImage   the non-empty normalised captions of each image, in file order
 * @param records   caption records in the file (malformed ones included)
 * @param malformed records that could not be read
 * @param empty     captions that were empty after normalisation (not references)
 */
public record CaptionReferences(Map<String, List<String>> byImage, long records, long malformed, long empty) {

    /** Reads {@code path} (any Hadoop filesystem); fails with a one-line message naming the file when unreadable. */
    public static CaptionReferences read(Configuration hadoop, String path, CaptionsConfig config) {
        WholeTextFile file = WholeTextFile.read(hadoop, path, "references");
        CaptionFormat format = CaptionFormat.resolve(config.format(), file.path(), file.text());
        ParsedCaptions parsed = format.parse(file.text(), file.path(), config.maxListed());
        TextNormalizer normalizer = config.normalizer();
        Map<String, List<String>> byImage = new LinkedHashMap<>();
        long empty = 0;
        for (ParsedCaptions.Entry e : parsed.entries()) {
            String text = normalizer.normalize(e.caption());
            if (text.isEmpty()) {
                empty++;
            } else {
                byImage.computeIfAbsent(e.image(), k -> new ArrayList<>()).add(text);
            }
        }
        return new CaptionReferences(byImage, parsed.records(), parsed.malformed(), empty);
    }

    /** The references of {@code image} (a path relative to the captioned directory), or an empty list. */
    public List<String> of(String image) {
        return byImage.getOrDefault(image, List.of());
    }
}
