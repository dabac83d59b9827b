package io.attnspark.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Learns byte-pair-encoding merges from word counts (Sennrich, Haddow and Birch 2016) with the semantics
 * of subword-nmt's {@code learn_bpe} (codes version 0.2, minimum pair frequency 2): each word is a
 * sequence of characters whose last one carries {@link BpeCodes#END_OF_WORD}; at each step the most
 * frequent adjacent symbol pair is merged everywhere, ties going to the greater pair (compared by code
 * points, first symbol then second, as Python compares tuples of strings). Learning stops after
 * {@code merges} steps or when no pair occurs twice.
 *
 * <p>Pair counts are updated incrementally: an index from each pair to the words containing it means a
 * merge only revisits the words it changes, and a priority queue with lazy deletion finds the next pair.
 *
 * <p>The word counts are typically token counts from a distributed count; the joiner of
 * {@link Tokenizer} is stripped from each token first (so {@code ￭word} counts towards {@code word}) and
 * the special tokens of {@link Vocabulary} are ignored.
 */
public final class BpeLearner {
    private static final int MIN_PAIR_FREQUENCY = 2;

    private final List<String> symbols = new ArrayList<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final int[][] words;
    private final long[] freqs;
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, IntList> pairWords = new HashMap<>();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>(this::compareCandidates);

    private BpeLearner(Map<String, Long> cores) {
        words = new int[cores.size()][];
        freqs = new long[cores.size()];
        int w = 0;
        for (Map.Entry<String, Long> e : cores.entrySet()) {
            words[w] = split(e.getKey());
            freqs[w] = e.getValue();
            for (int i = 0; i + 1 < words[w].length; i++) {
                long pair = pair(words[w][i], words[w][i + 1]);
                pairCounts.merge(pair, freqs[w], Long::sum);
                index(pair, w);
            }
            w++;
        }
        pairCounts.forEach((pair, count) -> queue.add(new Candidate(count, pair)));
    }

    /**
     * Learns up to {@code merges} merge operations.
     *
     * @param wordCounts positive counts per word (token); words may carry the joiner, which is stripped
     * @param merges     the number of merge operations to learn, at least 0
     */
    public static BpeCodes learn(Map<String, Long> wordCounts, int merges) {
        if (merges < 0) {
            throw new IllegalArgumentException("BPE merges=" + merges + " must be at least 0");
        }
        TreeMap<String, Long> cores = new TreeMap<>();
        for (Map.Entry<String, Long> e : wordCounts.entrySet()) {
            String word = e.getKey();
            Long count = e.getValue();
            if (word == null || count == null || count < 1) {
                throw new IllegalArgumentException("BPE word counts must be positive, got '" + word + "' -> " + count);
            }
            if (Vocabulary.SPECIALS.contains(word)) {
                continue;
            }
            int from = word.startsWith(Tokenizer.JOINER) ? 1 : 0;
            int to = word.length() > from && word.endsWith(Tokenizer.JOINER) ? word.length() - 1 : word.length();
            if (from >= to) {
                continue;
            }
            String core = word.substring(from, to);
            for (int i = 0; i < core.length(); i++) {
                if (TextNormalizer.isSpace(core.charAt(i))) {
                    throw new IllegalArgumentException("BPE word '" + word + "' contains whitespace");
                }
            }
            cores.merge(core, count, Long::sum);
        }
        return new BpeLearner(cores).run(merges);
    }

    private BpeCodes run(int merges) {
        List<String[]> learned = new ArrayList<>(merges);
        int[] visited = new int[words.length];
        while (learned.size() < merges) {
            Candidate best = nextBest();
            if (best == null || best.count < MIN_PAIR_FREQUENCY) {
                break;
            }
            int a = (int) (best.pair >>> 32);
            int b = (int) best.pair;
            learned.add(new String[] {symbols.get(a), symbols.get(b)});
            int merged = intern(symbols.get(a) + symbols.get(b));
            IntList candidates = pairWords.remove(best.pair);
            if (candidates == null) {
                throw new IllegalStateException("BPE pair index lost the words of pair " + symbols.get(a) + " " + symbols.get(b));
            }
            Map<Long, Long> delta = new HashMap<>();
            int stamp = learned.size();
            for (int k = 0; k < candidates.size; k++) {
                int w = candidates.values[k];
                if (visited[w] != stamp) {
                    visited[w] = stamp;
                    rewrite(w, a, b, merged, delta);
                }
            }
            for (Map.Entry<Long, Long> d : delta.entrySet()) {
                if (d.getValue() != 0) {
                    long count = pairCounts.getOrDefault(d.getKey(), 0L) + d.getValue();
                    if (count > 0) {
                        pairCounts.put(d.getKey(), count);
                        queue.add(new Candidate(count, d.getKey()));
                    } else {
                        pairCounts.remove(d.getKey());
                    }
                }
            }
            pairCounts.remove(best.pair);
        }
        return new BpeCodes(learned);
    }

    /**
     * Replaces {@code a b} by {@code merged} in word {@code w}, adding the change of pair counts to
     * {@code delta} and indexing the new pairs.
     */
    private void rewrite(int w, int a, int b, int merged, Map<Long, Long> delta) {
        int[] old = words[w];
        int[] next = new int[old.length];
        int n = 0;
        for (int i = 0; i < old.length; i++) {
            if (i + 1 < old.length && old[i] == a && old[i + 1] == b) {
                next[n++] = merged;
                i++;
            } else {
                next[n++] = old[i];
            }
        }
        if (n == old.length) {
            return; // a stale index entry: the pair is no longer in this word
        }
        long f = freqs[w];
        for (int i = 0; i + 1 < old.length; i++) {
            delta.merge(pair(old[i], old[i + 1]), -f, Long::sum);
        }
        for (int i = 0; i + 1 < n; i++) {
            long pair = pair(next[i], next[i + 1]);
            delta.merge(pair, f, Long::sum);
            if (next[i] == merged || next[i + 1] == merged) {
                index(pair, w);
            }
        }
        words[w] = Arrays.copyOf(next, n);
    }

    private Candidate nextBest() {
        while (!queue.isEmpty()) {
            Candidate top = queue.poll();
            Long current = pairCounts.get(top.pair);
            if (current != null && current == top.count) {
                return top;
            }
        }
        return null;
    }

    private int[] split(String word) {
        int[] out = new int[word.codePointCount(0, word.length())];
        int k = 0;
        for (int i = 0; i < word.length(); ) {
            int next = word.offsetByCodePoints(i, 1);
            out[k++] = intern(next == word.length() ? word.substring(i) + BpeCodes.END_OF_WORD : word.substring(i, next));
            i = next;
        }
        return out;
    }

    private int intern(String symbol) {
        Integer id = symbolIds.get(symbol);
        if (id == null) {
            id = symbols.size();
            symbols.add(symbol);
            symbolIds.put(symbol, id);
        }
        return id;
    }

    private void index(long pair, int word) {
        pairWords.computeIfAbsent(pair, p -> new IntList()).addIfNotLast(word);
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /** Higher count first; among equal counts the greater pair (Python tuple order over code points). */
    private int compareCandidates(Candidate x, Candidate y) {
        if (x.count != y.count) {
            return Long.compare(y.count, x.count);
        }
        int c = compareCodePoints(symbols.get((int) (y.pair >>> 32)), symbols.get((int) (x.pair >>> 32)));
        return c != 0 ? c : compareCodePoints(symbols.get((int) y.pair), symbols.get((int) x.pair));
    }

    /** Compares strings by code point, as Python compares {@code str}. */
    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Boolean.compare(i < x.length(), j < y.length());
    }

    private record Candidate(long count, long pair) {
    }

    /** A growable int array. */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void addIfNotLast(int v) {
            if (size > 0 && values[size - 1] == v) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}
