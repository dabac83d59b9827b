package io.attnspark.text;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable mapping between tokens (words or BPE pieces) and ids. The four special tokens always
 * come first: {@link #PAD} = 0, {@link #UNK} = 1, {@link #BOS} = 2, {@link #EOS} = 3.
 *
 * <p>The file form is UTF-8, one token per line in id order, specials included, each line ending in
 * {@code \n}; {@link #sha256()} is the hash of exactly that form, so a checkpoint can check it was
 * trained with the vocabulary it is given. Tokens are non-empty and contain no whitespace.
 *
 * <p>{@link Serializable}: Java serialization sends only the token array and rebuilds the index; the
 * fields are a plain array and {@link HashMap}, so Kryo's field serializer handles it too.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;
    public static final int BOS_ID = 2;
    public static final int EOS_ID = 3;
    /** The special tokens, in id order. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS);

    private final String[] tokens;
    private final HashMap<String, Integer> ids;

    private Vocabulary(List<String> tokensWithSpecials) {
        this.tokens = tokensWithSpecials.toArray(new String[0]);
        this.ids = new HashMap<>(tokens.length * 2);
        for (int i = 0; i < tokens.length; i++) {
            ids.put(tokens[i], i);
        }
    }

    /**
     * The vocabulary of the tokens seen at least {@code minCount} times, most frequent first (ties by
     * token, ascending {@link String#compareTo}), cut to {@code maxSize} entries specials included.
     * Special tokens among the counts are ignored (they are always present).
     *
     * @param counts   token frequencies, for example from a distributed count
     * @param minCount at least 1
     * @param maxSize  at least 4 (the specials)
     */
    public static Vocabulary fromCounts(Map<String, Long> counts, int minCount, int maxSize) {
        if (minCount < 1) {
            throw new IllegalArgumentException("vocabulary min-count=" + minCount + " must be at least 1");
        }
        if (maxSize < SPECIALS.size()) {
            throw new IllegalArgumentException("vocabulary max-size=" + maxSize + " must be at least " + SPECIALS.size() + " (the special tokens)");
        }
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("vocabulary count of token '" + e.getKey() + "' is null");
            }
            if (e.getValue() >= minCount && !SPECIALS.contains(e.getKey())) {
                checkToken(e.getKey());
                kept.add(e);
            }
        }
        kept.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> all = new ArrayList<>(SPECIALS);
        for (int i = 0; i < kept.size() && all.size() < maxSize; i++) {
            all.add(kept.get(i).getKey());
        }
        return new Vocabulary(all);
    }

    /** The vocabulary of the specials followed by {@code tokensWithoutSpecials}, in that order. */
    public static Vocabulary of(List<String> tokensWithoutSpecials) {
        List<String> all = new ArrayList<>(SPECIALS);
        all.addAll(tokensWithoutSpecials);
        checkTokens(all, "token list");
        return new Vocabulary(all);
    }

    /** The id of {@code token}, or {@link #UNK_ID} when it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNK_ID : id;
    }

    /** Whether {@code token} has an id of its own. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token with id {@code id}, in {@code [0, size())}. */
    public String token(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + tokens.length + ")");
        }
        return tokens[id];
    }

    /** The number of entries, specials included. */
    public int size() {
        return tokens.length;
    }

    /** All tokens in id order, specials included (unmodifiable). */
    public List<String> tokens() {
        return Collections.unmodifiableList(Arrays.asList(tokens));
    }

    /** The ids of {@code tokens}, shape {@code [tokens.size()]}; unknown tokens map to {@link #UNK_ID}. */
    public int[] encode(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }

    /**
     * The tokens of {@code ids} (shape {@code [length]}): {@link #PAD_ID} and {@link #BOS_ID} are dropped,
     * decoding stops at the first {@link #EOS_ID}, {@link #UNK_ID} stays as {@link #UNK}.
     */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id == EOS_ID) {
                break;
            }
            if (id != PAD_ID && id != BOS_ID) {
                out.add(token(id));
            }
        }
        return out;
    }

    /** Writes the file form (UTF-8, one token per line, specials first); does not close {@code out}. */
    public void write(OutputStream out) throws IOException {
        out.write(TextFiles.toBytes(tokens()));
        out.flush();
    }

    /**
     * Reads the file form. Errors are one line naming {@code sourceName} and the line: missing or
     * misplaced specials, empty lines, tokens with whitespace, duplicates, malformed UTF-8.
     */
    public static Vocabulary read(InputStream in, String sourceName) throws IOException {
        List<String> lines = TextFiles.readLines(in, sourceName);
        if (lines.size() < SPECIALS.size()) {
            throw new TextFormatException(sourceName, 0, "has " + lines.size() + " lines, expected at least the "
                    + SPECIALS.size() + " special tokens " + String.join(" ", SPECIALS));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String token = lines.get(i);
            if (i < SPECIALS.size() && !token.equals(SPECIALS.get(i))) {
                throw new TextFormatException(sourceName, i + 1, "expected special token " + SPECIALS.get(i) + ", got '" + token + "'");
            }
            String problem = tokenProblem(token);
            if (problem != null) {
                throw new TextFormatException(sourceName, i + 1, problem);
            }
            Integer first = seen.putIfAbsent(token, i + 1);
            if (first != null) {
                throw new TextFormatException(sourceName, i + 1, "duplicate token '" + token + "' (first on line " + first + ")");
            }
        }
        return new Vocabulary(lines);
    }

    /** Lowercase hex SHA-256 of the file form written by {@link #write}. */
    public String sha256() {
        return TextFiles.sha256(TextFiles.toBytes(tokens()));
    }

    private static void checkTokens(List<String> all, String what) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            checkToken(all.get(i));
            if (seen.putIfAbsent(all.get(i), i) != null) {
                throw new IllegalArgumentException("vocabulary " + what + " has '" + all.get(i) + "' twice"
                        + (i >= SPECIALS.size() && SPECIALS.contains(all.get(i)) ? " (special tokens are added automatically)" : ""));
            }
        }
    }

    private static void checkToken(String token) {
        String problem = tokenProblem(token);
        if (problem != null) {
            throw new IllegalArgumentException("vocabulary: " + problem);
        }
    }

    private static String tokenProblem(String token) {
        if (token == null || token.isEmpty()) {
            return "empty token";
        }
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            if (TextNormalizer.isSpace(cp)) {
                return "token '" + token + "' contains whitespace U+" + String.format("%04X", cp);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary other && Arrays.equals(tokens, other.tokens);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "Vocabulary(" + tokens.length + " tokens: " + String.join(" ", Arrays.asList(tokens).subList(0, Math.min(8, tokens.length)))
                + (tokens.length > 8 ? " ..." : "") + ")";
    }

    private Object writeReplace() {
        return new Form(tokens.clone());
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("Vocabulary is serialized through its Form");
    }

    /** Serialized form: the token array, specials included. */
    private record Form(String[] tokens) implements Serializable {
        private Object readResolve() {
            List<String> all = Arrays.asList(tokens);
            if (all.size() < SPECIALS.size() || !all.subList(0, SPECIALS.size()).equals(SPECIALS)) {
                throw new IllegalStateException("serialized vocabulary does not start with the special tokens");
            }
            checkTokens(all, "serialized form");
            return new Vocabulary(all);
        }
    }
}
