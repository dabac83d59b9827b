package io.attnspark.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learned byte-pair-encoding merges (Sennrich et al. 2016), applied with subword-nmt's semantics
 * (codes format version 0.2): a word is split into characters with {@link #END_OF_WORD} attached to the
 * last one, the listed merge with the lowest rank present in the word is applied everywhere (left to
 * right) until none applies, and every piece but the last carries the separator {@link #SEPARATOR}.
 * Words of one character are left alone; a merge listed twice keeps its first rank.
 *
 * <p>Tokens from {@link Tokenizer} keep their joiner on the piece of their side
 * ({@code ￭lower} → {@code ￭low@@ er}); the special tokens of {@link Vocabulary} pass through.
 * Segmentations are cached per word (thread-safe, bounded).
 *
 * <p>Immutable apart from that cache, and {@link Serializable}; the cache is not sent.
 */
public final class BpeCodes implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Marks a piece that is not the end of its word. */
    public static final String SEPARATOR = "@@";
    /** The end-of-word marker used inside learning and segmentation; never in the output. */
    public static final String END_OF_WORD = "</w>";
    /** First line of the codes file. */
    public static final String HEADER = "#version: 0.2";
    private static final int MAX_CACHED_WORDS = 1 << 20;

    private final String[] lefts;
    private final String[] rights;
    /** left symbol -> right symbol -> rank (nested, so looking a pair up allocates nothing). */
    private final HashMap<String, HashMap<String, Integer>> ranks;
    private transient volatile ConcurrentHashMap<String, String[]> cache;

    BpeCodes(List<String[]> merges) {
        this.lefts = new String[merges.size()];
        this.rights = new String[merges.size()];
        this.ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            lefts[i] = merges.get(i)[0];
            rights[i] = merges.get(i)[1];
            // a repeated merge keeps its first rank, as in subword-nmt
            ranks.computeIfAbsent(lefts[i], k -> new HashMap<>()).putIfAbsent(rights[i], i);
        }
    }

    /** The pieces of {@code tokens}, each token segmented on its own; empty tokens are dropped. */
    public List<String> apply(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size() + tokens.size() / 2);
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            int n = token.length();
            boolean lead = token.charAt(0) == Tokenizer.JOINER_CHAR;
            boolean trail = n > (lead ? 1 : 0) + 1 && token.charAt(n - 1) == Tokenizer.JOINER_CHAR;
            int from = lead ? 1 : 0;
            int to = n - (trail ? 1 : 0);
            if (from >= to || (token.charAt(0) == '<' && Vocabulary.SPECIALS.contains(token))) {
                out.add(token);
                continue;
            }
            String[] pieces = segment(lead || trail ? token.substring(from, to) : token);
            int last = pieces.length - 1;
            if (last == 0 && !lead && !trail) {
                out.add(pieces[0]);
                continue;
            }
            for (int j = 0; j <= last; j++) {
                out.add((j == 0 && lead ? Tokenizer.JOINER : "") + pieces[j]
                        + (j < last ? SEPARATOR : trail ? Tokenizer.JOINER : ""));
            }
        }
        return out;
    }

    /** Undoes the segmentation: every piece ending in {@link #SEPARATOR} is glued to the next one. */
    public static List<String> merge(List<String> pieces) {
        List<String> out = new ArrayList<>(pieces.size());
        StringBuilder pending = new StringBuilder();
        boolean open = false;
        for (String piece : pieces) {
            if (piece.endsWith(SEPARATOR)) {
                pending.append(piece, 0, piece.length() - SEPARATOR.length());
                open = true;
            } else if (open) {
                out.add(pending.append(piece).toString());
                pending.setLength(0);
                open = false;
            } else {
                out.add(piece);
            }
        }
        if (open) {
            out.add(pending.toString());
        }
        return out;
    }

    /** The segmentation of one word without joiners or separators, e.g. {@code [low, er]}. */
    String[] segment(String word) {
        ConcurrentHashMap<String, String[]> c = cache;
        if (c == null) {
            synchronized (this) {
                if (cache == null) {
                    cache = new ConcurrentHashMap<>();
                }
                c = cache;
            }
        }
        String[] pieces = c.get(word);
        if (pieces == null) {
            pieces = encode(word);
            if (c.size() < MAX_CACHED_WORDS) {
                c.put(word, pieces);
            }
        }
        return pieces;
    }

    /** Forgets every cached segmentation (for cold-cache measurements). */
    void clearCache() {
        synchronized (this) {
            cache = null;
        }
    }

    private String[] encode(String word) {
        int count = word.codePointCount(0, word.length());
        if (count == 1) {
            return new String[] {word};
        }
        List<String> symbols = new ArrayList<>(count);
        for (int i = 0; i < word.length(); ) {
            int next = word.offsetByCodePoints(i, 1);
            symbols.add(next == word.length() ? word.substring(i) + END_OF_WORD : word.substring(i, next));
            i = next;
        }
        while (symbols.size() > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                HashMap<String, Integer> rights = ranks.get(symbols.get(i));
                Integer rank = rights == null ? null : rights.get(symbols.get(i + 1));
                if (rank != null && rank < best) {
                    best = rank;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            symbols = mergeAll(symbols, lefts[best], rights[best]);
        }
        String last = symbols.get(symbols.size() - 1);
        if (last.equals(END_OF_WORD)) {
            symbols.remove(symbols.size() - 1);
        } else if (last.endsWith(END_OF_WORD)) {
            symbols.set(symbols.size() - 1, last.substring(0, last.length() - END_OF_WORD.length()));
        }
        return symbols.toArray(new String[0]);
    }

    /** Every non-overlapping occurrence of {@code (a, b)} merged, left to right. */
    static List<String> mergeAll(List<String> symbols, String a, String b) {
        List<String> out = new ArrayList<>(symbols.size());
        for (int i = 0; i < symbols.size(); i++) {
            if (i + 1 < symbols.size() && symbols.get(i).equals(a) && symbols.get(i + 1).equals(b)) {
                out.add(a + b);
                i++;
            } else {
                out.add(symbols.get(i));
            }
        }
        return out;
    }

    /** The number of merges. */
    public int size() {
        return lefts.length;
    }

    /** The merges in rank order, each as {@code "left right"} (the codes file lines). */
    public List<String> codes() {
        List<String> lines = new ArrayList<>(lefts.length);
        for (int i = 0; i < lefts.length; i++) {
            lines.add(lefts[i] + " " + rights[i]);
        }
        return lines;
    }

    /** Writes the subword-nmt codes file: {@link #HEADER}, then one {@code "left right"} per line. */
    public void write(OutputStream out) throws IOException {
        out.write(TextFiles.toBytes(fileLines()));
        out.flush();
    }

    /**
     * Reads a subword-nmt version 0.2 codes file. Errors are one line naming {@code sourceName} and the
     * line: a missing header, or a line that is not two symbols separated by one space.
     */
    public static BpeCodes read(InputStream in, String sourceName) throws IOException {
        List<String> lines = TextFiles.readLines(in, sourceName);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new TextFormatException(sourceName, 1, "expected the header '" + HEADER + "', got "
                    + (lines.isEmpty() ? "an empty file" : Tokenizer.abbreviate(lines.get(0))));
        }
        List<String[]> merges = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String[] parts = line.split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new TextFormatException(sourceName, i + 1, "expected two symbols separated by one space, got " + Tokenizer.abbreviate(line));
            }
            merges.add(parts);
        }
        return new BpeCodes(merges);
    }

    /** Lowercase hex SHA-256 of the codes file written by {@link #write}. */
    public String sha256() {
        return TextFiles.sha256(TextFiles.toBytes(fileLines()));
    }

    private List<String> fileLines() {
        List<String> lines = new ArrayList<>(lefts.length + 1);
        lines.add(HEADER);
        lines.addAll(codes());
        return lines;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BpeCodes other && Arrays.equals(lefts, other.lefts) && Arrays.equals(rights, other.rights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lefts) * 31 + Arrays.hashCode(rights);
    }

    @Override
    public String toString() {
        return "BpeCodes(" + lefts.length + " merges)";
    }
}
