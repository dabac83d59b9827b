package io.attnspark.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Groups sentences of similar length so that batches carry little padding. Every method returns
 * batches as arrays of indices into its input, in ascending length order (ties keep input order);
 * each index appears exactly once. Pure functions.
 */
public final class LengthBatcher {
    private LengthBatcher() {
    }

    /** Batches of at most {@code batchSize} items, by ascending {@code lengths}. */
    public static List<int[]> byCount(int[] lengths, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        Integer[] order = sorted(lengths);
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            out.add(Arrays.stream(order, from, to).mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /**
     * Batches whose padded size (items x longest length in the batch) stays within {@code maxTokens};
     * an item longer than the budget gets a batch of its own.
     */
    public static List<int[]> byTokens(int[] lengths, int maxTokens) {
        return byTokens(lengths, maxTokens, Integer.MAX_VALUE);
    }

    /** {@link #byTokens(int[], int)} with at most {@code maxItems} items in a batch. */
    public static List<int[]> byTokens(int[] lengths, int maxTokens, int maxItems) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("token budget must be at least 1, got " + maxTokens);
        }
        if (maxItems < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + maxItems);
        }
        Integer[] order = sorted(lengths);
        List<int[]> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (Integer i : order) {
            int longest = lengths[i];           // ascending order: the newest item is the longest
            if (!current.isEmpty() && ((long) (current.size() + 1) * longest > maxTokens
                    || current.size() == maxItems)) {
                out.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
            }
            current.add(i);
        }
        if (!current.isEmpty()) {
            out.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** The padded length of each pair in a batch: max(|src|, |tgt|) + 1 (EOS / BOS). */
    public static int[] pairLengths(List<TokenPair> pairs) {
        return pairs.stream().mapToInt(TokenPair::paddedLength).toArray();
    }

    /** The items of {@code batch} from {@code items}. */
    public static <T> List<T> select(List<T> items, int[] batch) {
        List<T> out = new ArrayList<>(batch.length);
        for (int i : batch) {
            out.add(items.get(i));
        }
        return out;
    }

    private static Integer[] sorted(int[] lengths) {
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> lengths[i]));   // stable
        return order;
    }
}
