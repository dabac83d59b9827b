package io.attnspark.text;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole path between raw text and ids, shared by prep, training and scoring: normalise, tokenize,
 * optionally segment with BPE, look up ids; and back: drop specials, undo BPE, detokenize.
 *
 * <p>Immutable and {@link Serializable} (Spark ships it to executors).
 */
public final class TextPipeline implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TextNormalizer normalizer;
    private final Tokenizer tokenizer;
    private final BpeCodes bpe;
    private final Vocabulary vocabulary;

    /**
     * @param normalizer the line normaliser
     * @param tokenizer  the reversible tokenizer
     * @param bpeOrNull  BPE codes, or {@code null} for a word vocabulary
     * @param vocab      the vocabulary of the pieces (or words)
     */
    public TextPipeline(TextNormalizer normalizer, Tokenizer tokenizer, BpeCodes bpeOrNull, Vocabulary vocab) {
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.bpe = bpeOrNull;
        this.vocabulary = Objects.requireNonNull(vocab, "vocabulary");
    }

    /** The tokens of {@code raw} after normalisation and tokenization, before BPE. */
    public List<String> tokens(String raw) {
        return tokenizer.tokenize(normalizer.normalize(raw));
    }

    /** The pieces of {@code raw}: normalised, tokenized and, with BPE codes, segmented. */
    public List<String> pieces(String raw) {
        List<String> tokens = tokens(raw);
        return bpe == null ? tokens : bpe.apply(tokens);
    }

    /** The ids of the pieces of {@code raw}, shape {@code [pieces]}; no BOS or EOS is added. */
    public int[] encode(String raw) {
        return vocabulary.encode(pieces(raw));
    }

    /**
     * The text of {@code ids} (shape {@code [length]}, for example a decoder output): padding and BOS
     * dropped, stopping at the first EOS, BPE undone, detokenized. Unknown ids come out as {@code <unk>}.
     */
    public String decode(int[] ids) {
        return detokenize(vocabulary.decode(ids));
    }

    /** The text of {@code pieces}: BPE undone (with BPE codes), then detokenized. */
    public String detokenize(List<String> pieces) {
        return tokenizer.detokenize(bpe == null ? pieces : BpeCodes.merge(pieces));
    }

    public TextNormalizer normalizer() {
        return normalizer;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The BPE codes, empty for a word vocabulary. */
    public Optional<BpeCodes> bpe() {
        return Optional.ofNullable(bpe);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextPipeline other && normalizer.equals(other.normalizer) && tokenizer.equals(other.tokenizer)
                && Objects.equals(bpe, other.bpe) && vocabulary.equals(other.vocabulary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(normalizer, bpe, vocabulary);
    }

    @Override
    public String toString() {
        return "TextPipeline(" + normalizer + ", " + (bpe == null ? "words" : bpe) + ", " + vocabulary.size() + " ids)";
    }
}
