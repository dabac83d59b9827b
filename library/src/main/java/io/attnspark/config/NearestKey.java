package io.attnspark.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Suggests the valid key nearest to a misspelt one, for "unknown key ... (did you mean ...?)" messages.
 *
 * <p>Two distances are combined: the edit distance between the full dotted paths (catches a misspelt
 * section, {@code modle.encoder.layers}), and the edit distance between the last path elements plus a
 * penalty of 2 when the parents differ (catches a key put at the wrong level, {@code model.hidden-size}
 * for {@code model.encoder.hidden-size}). The smaller of the two is the score, the full-path distance
 * breaks ties, and candidates still tied are all returned, in sorted order.
 */
public final class NearestKey {
    private static final int PARENT_PENALTY = 2;

    private NearestKey() {
    }

    /**
     * The candidates nearest to {@code key} (dotted paths), best first and tied ones together, or an
     * empty list when none is close enough to be a plausible typo.
     */
    public static List<String> nearest(String key, Collection<String> candidates) {
        List<String> best = new ArrayList<>();
        int bestScore = Integer.MAX_VALUE;
        int bestFull = Integer.MAX_VALUE;
        String last = lastElement(key);
        String parent = parent(key);
        for (String candidate : new TreeSet<>(candidates)) {
            int full = levenshtein(key, candidate);
            int byLast = levenshtein(last, lastElement(candidate))
                    + (parent.equals(parent(candidate)) ? 0 : PARENT_PENALTY);
            int score = Math.min(full, byLast);
            if (score < bestScore || (score == bestScore && full < bestFull)) {
                bestScore = score;
                bestFull = full;
                best.clear();
                best.add(candidate);
            } else if (score == bestScore && full == bestFull) {
                best.add(candidate);
            }
        }
        if (best.isEmpty() || bestScore > Math.max(3, last.length() / 3)) {
            return List.of();
        }
        return List.copyOf(best);
    }

    /** " (did you mean a?)", " (did you mean a or b?)" or "" when there is no suggestion. */
    public static String didYouMean(String key, Collection<String> candidates) {
        List<String> near = nearest(key, candidates);
        if (near.isEmpty()) {
            return "";
        }
        List<String> shown = near.subList(0, Math.min(3, near.size()));
        return " (did you mean " + String.join(" or ", shown) + "?)";
    }

    static String lastElement(String path) {
        List<String> parts = split(path);
        return parts.get(parts.size() - 1);
    }

    static String parent(String path) {
        List<String> parts = split(path);
        return parts.size() == 1 ? "" : ConfigUtil.joinPath(parts.subList(0, parts.size() - 1));
    }

    private static List<String> split(String path) {
        try {
            return ConfigUtil.splitPath(path);
        } catch (ConfigException e) {
            return List.of(path);
        }
    }

    /** Classic edit distance (insertions, deletions, substitutions all cost 1). */
    public static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
