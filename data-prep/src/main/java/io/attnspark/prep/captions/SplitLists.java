package io.attnspark.prep.captions;

import io.attnspark.prep.PrepException;
import io.attnspark.prep.Split;
import io.attnspark.prep.input.WholeTextFile;
import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The split list files: image names one a line (surrounding spaces trimmed, blank lines ignored, a name repeated
 * in one list counted once). An image in two lists is an error: it would leak between the splits.
 */
final class SplitLists {
    private final Map<Split, WholeTextFile> files = new EnumMap<>(Split.class);
    private final Map<Split, Set<String>> names = new EnumMap<>(Split.class);
    private final Map<Split, Long> entries = new EnumMap<>(Split.class);
    private final Map<String, Split> splitOf = new HashMap<>();

    /**
     * @throws PrepException if a list is missing, empty, not UTF-8, or names an image another list names
     */
    static SplitLists read(Configuration conf, CaptionPrepRequest request) {
        SplitLists lists = new SplitLists();
        for (Split split : Split.values()) {
            String path = request.list(split);
            if (path == null) {
                continue;
            }
            WholeTextFile file = WholeTextFile.read(conf, path, split.dirName() + " list");
            Set<String> set = new LinkedHashSet<>();
            long n = 0;
            for (String line : (Iterable<String>) file.text().lines()::iterator) {
                String name = line.strip();
                if (name.isEmpty()) {
                    continue;
                }
                n++;
                set.add(name);
                Split other = lists.splitOf.putIfAbsent(name, split);
                if (other != null && other != split) {
                    throw new PrepException(name + " is in both the " + other.dirName() + " list " + lists.files.get(other).path()
                            + " and the " + split.dirName() + " list " + file.path());
                }
            }
            lists.files.put(split, file);
            lists.names.put(split, set);
            lists.entries.put(split, n);
        }
        return lists;
    }

    boolean has(Split split) {
        return files.containsKey(split);
    }

    /** The split whose list names {@code image}, or null. */
    Split listed(String image) {
        return splitOf.get(image);
    }

    /** Every listed name, train's first, then valid's, then test's, each in list order. */
    List<String> allNames() {
        List<String> all = new ArrayList<>();
        names.values().forEach(all::addAll);
        return all;
    }

    /** Manifest entries of the list files. */
    List<CaptionsManifest.Input> manifestEntries() {
        List<CaptionsManifest.Input> out = new ArrayList<>();
        files.forEach((split, f) -> out.add(new CaptionsManifest.Input(split.dirName() + "-list", f.path(), f.bytes(),
                f.sha256(), entries.get(split))));
        return out;
    }
}
