package io.attnspark.prep.captions;

import io.attnspark.prep.Split;
import io.attnspark.prep.input.SplitAssigner;
import io.attnspark.text.TextNormalizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The driver's side of {@code prep-captions}: every image named anywhere (caption records, COCO's image list,
 * the split lists), its split, and the checks that need no image file. In order, the first that applies:
 * <ol>
 *   <li>split: the list that names it; else, with a train list, none (skipped as {@code unlisted}); else train,
 *       or valid / test by a seeded hash of the name for the splits without a list;</li>
 *   <li>{@code bad-path}: the name is not a safe relative path ({@link ImageName});</li>
 *   <li>each caption normalised; an empty one is skipped ({@code empty});</li>
 *   <li>{@code no-captions}: nothing left.</li>
 * </ol>
 * What passes becomes an {@link ImageTask} for the executors. Images are taken in the order they are first named.
 */
final class CaptionCatalog {
    private final List<ImageTask> tasks;
    private final Map<Split, String> origins;

    private CaptionCatalog(List<ImageTask> tasks, Map<Split, String> origins) {
        this.tasks = tasks;
        this.origins = origins;
    }

    /** Builds the catalog, counting into {@code tally} and {@code examples}. */
    static CaptionCatalog build(ParsedCaptions parsed, SplitLists lists, long seed, CaptionsConfig config,
                                CaptionTally tally, SkipExamples examples) {
        TextNormalizer normalizer = config.normalizer();
        Map<String, List<ParsedCaptions.Entry>> byImage = new LinkedHashMap<>();
        for (ParsedCaptions.Entry e : parsed.entries()) {
            byImage.computeIfAbsent(e.image(), k -> new ArrayList<>()).add(e);
        }
        Set<String> universe = new LinkedHashSet<>(byImage.keySet());
        universe.addAll(parsed.declaredImages());
        universe.addAll(lists.allNames());

        tally.captionsIn(CaptionTally.UNASSIGNED, parsed.malformed());
        tally.skippedCaptions(CaptionTally.UNASSIGNED, CaptionSkip.MALFORMED, parsed.malformed());
        parsed.malformedExamples().forEach(m -> examples.caption(CaptionSkip.MALFORMED, m));

        SplitAssigner hash = assigner(lists, seed, config);
        List<ImageTask> tasks = new ArrayList<>();
        for (String name : universe) {
            List<ParsedCaptions.Entry> entries = byImage.getOrDefault(name, List.of());
            Split split = lists.listed(name);
            if (split == null && hash == null) {
                tally.imageIn(CaptionTally.UNASSIGNED, entries.size());
                tally.skippedImages(CaptionTally.UNASSIGNED, ImageSkip.UNLISTED, 1, entries.size());
                examples.image(ImageSkip.UNLISTED, name);
                continue;
            }
            int slot = split != null ? split.code() : hash.assign(name, "");
            tally.imageIn(slot, entries.size());
            String problem = ImageName.problem(name);
            if (problem != null) {
                tally.skippedImages(slot, ImageSkip.BAD_PATH, 1, entries.size());
                examples.image(ImageSkip.BAD_PATH, name + ": " + problem);
                continue;
            }
            List<String> kept = new ArrayList<>(entries.size());
            for (ParsedCaptions.Entry e : entries) {
                String text = normalizer.normalize(e.caption());
                if (text.isEmpty()) {
                    tally.skippedCaptions(slot, CaptionSkip.EMPTY, 1);
                    examples.caption(CaptionSkip.EMPTY, e.where() + " (" + name + ")");
                } else {
                    kept.add(text);
                }
            }
            if (kept.isEmpty()) {
                tally.skippedImages(slot, ImageSkip.NO_CAPTIONS, 1, 0);
                examples.image(ImageSkip.NO_CAPTIONS, name);
                continue;
            }
            tasks.add(new ImageTask(slot, name, kept.toArray(new String[0])));
        }
        return new CaptionCatalog(tasks, origins(lists));
    }

    /**
     * Null with a train list (unlisted images have no split); else train for every image in no list, minus what the
     * hash moves to a split without a list (the name is hashed as the pair {@code (name, "")}).
     */
    private static SplitAssigner assigner(SplitLists lists, long seed, CaptionsConfig config) {
        if (lists.has(Split.TRAIN)) {
            return null;
        }
        if (lists.has(Split.VALID) && lists.has(Split.TEST)) {
            return SplitAssigner.fixed(Split.TRAIN);
        }
        return SplitAssigner.hashed(seed, lists.has(Split.VALID) ? 0 : config.validFraction(),
                lists.has(Split.TEST) ? 0 : config.testFraction());
    }

    private static Map<Split, String> origins(SplitLists lists) {
        Map<Split, String> out = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            if (lists.has(s)) {
                out.put(s, "list");
            } else if (lists.has(Split.TRAIN)) {
                out.put(s, "none");
            } else {
                out.put(s, s == Split.TRAIN ? "rest" : "hash");
            }
        }
        return out;
    }

    /** The images for the executors, in the order they were first named. */
    List<ImageTask> tasks() {
        return Collections.unmodifiableList(tasks);
    }

    /** Where each split's images come from: {@code list}, {@code rest}, {@code hash} or {@code none}. */
    Map<Split, String> origins() {
        return origins;
    }
}
