package io.attnspark.prep.captions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The first few skipped images per reason and skipped caption records (malformed, empty), for the manifest. */
final class SkipExamples {
    private final int max;
    private final Map<ImageSkip, List<String>> images = new EnumMap<>(ImageSkip.class);
    private final Map<CaptionSkip, List<String>> captions = new EnumMap<>(CaptionSkip.class);

    SkipExamples(int max) {
        this.max = max;
    }

    void image(ImageSkip reason, String example) {
        List<String> list = images.computeIfAbsent(reason, r -> new ArrayList<>());
        if (list.size() < max) {
            list.add(example);
        }
    }

    void caption(CaptionSkip reason, String example) {
        List<String> list = captions.computeIfAbsent(reason, r -> new ArrayList<>());
        if (list.size() < max) {
            list.add(example);
        }
    }

    /** Every image reason, and the caption reasons that are about the caption itself (malformed, empty). */
    CaptionsManifest.Examples toManifest() {
        Map<String, List<String>> i = new LinkedHashMap<>();
        for (ImageSkip r : ImageSkip.values()) {
            i.put(r.key(), List.copyOf(images.getOrDefault(r, List.of())));
        }
        Map<String, List<String>> c = new LinkedHashMap<>();
        for (CaptionSkip r : new CaptionSkip[] {CaptionSkip.MALFORMED, CaptionSkip.EMPTY}) {
            c.put(r.key(), List.copyOf(captions.getOrDefault(r, List.of())));
        }
        return new CaptionsManifest.Examples(i, c);
    }
}
