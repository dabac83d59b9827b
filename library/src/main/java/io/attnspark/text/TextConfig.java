package io.attnspark.text;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

import java.util.List;

/**
 * The text keys of the {@code data} section: normalisation and vocabulary. Defaults live in
 * {@code conf/defaults.conf}; this record only validates.
 *
 * <p>{@link #read} reads its keys from the {@code data} section it is given and refuses unknown keys in
 * {@code data.vocab}; the other keys of {@code data} (filter, split, shards, ...) belong to the prep
 * configuration, which should pass the same {@link ConfigSection} and call
 * {@link ConfigSection#rejectUnknownKeys()} on it afterwards.
 *
 * @param normalization {@code data.normalization}: NFC, NFKC or none
 * @param lowercase     {@code data.lowercase}
 * @param vocabType     {@code data.vocab.type}: word or bpe
 * @param joint         {@code data.vocab.joint}: one vocabulary (and BPE codes) for both sides
 * @param minCount      {@code data.vocab.min-count}: at least 1
 * @param maxSize       {@code data.vocab.max-size}: entries including the 4 specials, at least 4
 * @param bpeMerges     {@code data.vocab.bpe-merges}: at least 0 (1 or more with {@code type = bpe})
 */
public record TextConfig(String normalization, boolean lowercase, String vocabType, boolean joint,
                         int minCount, int maxSize, int bpeMerges) {
    /** The accepted values of {@code data.vocab.type}. */
    public static final List<String> VOCAB_TYPES = List.of("word", "bpe");

    public TextConfig {
        if (!TextNormalizer.FORMS.contains(normalization)) {
            throw new ConfigError("data.normalization", "data.normalization=" + normalization + " is not one of " + String.join(", ", TextNormalizer.FORMS));
        }
        if (!VOCAB_TYPES.contains(vocabType)) {
            throw new ConfigError("data.vocab.type", "data.vocab.type=" + vocabType + " is not one of " + String.join(", ", VOCAB_TYPES));
        }
        if (minCount < 1) {
            throw new ConfigError("data.vocab.min-count", "data.vocab.min-count=" + minCount + " must be at least 1");
        }
        if (maxSize < Vocabulary.SPECIALS.size()) {
            throw new ConfigError("data.vocab.max-size", "data.vocab.max-size=" + maxSize + " must be at least "
                    + Vocabulary.SPECIALS.size() + " (the special tokens)");
        }
        if (bpeMerges < (vocabType.equals("bpe") ? 1 : 0)) {
            throw new ConfigError("data.vocab.bpe-merges", "data.vocab.bpe-merges=" + bpeMerges + " must be at least "
                    + (vocabType.equals("bpe") ? "1 with data.vocab.type=bpe" : "0"));
        }
    }

    /** Reads and validates the text keys of the {@code data} section. */
    public static TextConfig read(ConfigSection data) {
        String normalization = data.getChoice("normalization", TextNormalizer.FORMS);
        boolean lowercase = data.getBoolean("lowercase");
        ConfigSection vocab = data.section("vocab");
        TextConfig config = new TextConfig(normalization, lowercase,
                vocab.getChoice("type", VOCAB_TYPES),
                vocab.getBoolean("joint"),
                vocab.getInt("min-count", 1, Integer.MAX_VALUE),
                vocab.getInt("max-size", Vocabulary.SPECIALS.size(), Integer.MAX_VALUE),
                vocab.getInt("bpe-merges", 0, Integer.MAX_VALUE));
        vocab.rejectUnknownKeys();
        return config;
    }

    /** The normaliser these settings describe. */
    public TextNormalizer normalizer() {
        return new TextNormalizer(normalization, lowercase);
    }

    /** Whether the vocabulary is made of BPE pieces. */
    public boolean bpe() {
        return vocabType.equals("bpe");
    }

    /** These keys in the HOCON form of {@code conf/defaults.conf}, to go inside {@code data { ... }}. */
    public String toHocon() {
        return "normalization = " + normalization + "\n"
                + "lowercase = " + lowercase + "\n"
                + "vocab {\n"
                + "  type = " + vocabType + "\n"
                + "  joint = " + joint + "\n"
                + "  min-count = " + minCount + "\n"
                + "  max-size = " + maxSize + "\n"
                + "  bpe-merges = " + bpeMerges + "\n"
                + "}\n";
    }
}
