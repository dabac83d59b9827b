package io.attnspark.text;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, Multi30k-like parallel corpus made up in memory: short caption-style sentences of
 * 8 to 16 invented words, English-like on the target side and German-like (capitalised nouns, umlauts,
 * compounds) on the source side, with commas, a final full stop and the occasional number. Words are
 * drawn from a seeded lexicon with Zipf-like frequencies, so BPE sees a realistic mix of frequent short
 * words and rare long ones. Nothing is downloaded; the same seed always gives the same corpus.
 */
public final class SyntheticCorpus {
    private static final int LEXICON_SIZE = 6000;
    private static final String[] EN_ONSETS = {"b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "w",
            "bl", "br", "ch", "cl", "cr", "dr", "fl", "gr", "pl", "sh", "sl", "sp", "st", "th", "tr", "wh"};
    private static final String[] EN_NUCLEI = {"a", "e", "i", "o", "u", "ea", "ee", "oo", "ou", "ai", "y"};
    private static final String[] EN_CODAS = {"", "", "", "n", "t", "s", "ng", "ck", "ll", "rd", "st", "nd", "ing", "ed", "er"};
    private static final String[] DE_ONSETS = {"b", "d", "f", "g", "h", "k", "l", "m", "n", "r", "s", "t", "w", "z",
            "sch", "st", "sp", "pf", "kr", "gr", "fr", "br", "tr", "kl", "bl"};
    private static final String[] DE_NUCLEI = {"a", "e", "i", "o", "u", "ä", "ö", "ü", "ei", "au", "ie", "eu"};
    private static final String[] DE_CODAS = {"", "", "n", "r", "t", "s", "ch", "ng", "ck", "rt", "nd", "en", "er", "ß", "lich"};

    private SyntheticCorpus() {
    }

    /**
     * {@code pairs} sentence pairs made from {@code seed}.
     *
     * @param pairs at least 1
     */
    public static ParallelCorpus generate(int pairs, long seed) {
        if (pairs < 1) {
            throw new IllegalArgumentException("synthetic corpus pairs=" + pairs + " must be at least 1");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Lexicon en = new Lexicon(random.split(), EN_ONSETS, EN_NUCLEI, EN_CODAS, false);
        Lexicon de = new Lexicon(random.split(), DE_ONSETS, DE_NUCLEI, DE_CODAS, true);
        List<String> source = new ArrayList<>(pairs);
        List<String> target = new ArrayList<>(pairs);
        for (int i = 0; i < pairs; i++) {
            int words = 8 + random.nextInt(9);
            target.add(sentence(en, words, random));
            source.add(sentence(de, Math.max(8, Math.min(16, words + random.nextInt(5) - 2)), random));
        }
        return new ParallelCorpus(source, target, pairs + " synthetic Multi30k-like pairs (seed " + seed + ")");
    }

    private static String sentence(Lexicon lexicon, int words, SplittableRandom random) {
        StringBuilder s = new StringBuilder(words * 7);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                s.append(' ');
            }
            String word = random.nextInt(40) == 0 ? Integer.toString(2 + random.nextInt(20)) : lexicon.draw(random);
            s.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            if (w > 2 && w < words - 2 && random.nextInt(12) == 0) {
                s.append(',');
            }
        }
        return s.append(random.nextInt(25) == 0 ? " !" : ".").toString();
    }

    /** Invented words with Zipf-like frequencies: word {@code r} is drawn with weight about {@code 1 / (r + 1)}. */
    private static final class Lexicon {
        private final String[] words = new String[LEXICON_SIZE];

        Lexicon(SplittableRandom random, String[] onsets, String[] nuclei, String[] codas, boolean capitalNouns) {
            for (int r = 0; r < LEXICON_SIZE; r++) {
                // frequent words are short, rare ones long, as in natural text
                int syllables = 1 + (r < 50 ? 0 : r < 600 ? random.nextInt(2) : 1 + random.nextInt(3));
                StringBuilder w = new StringBuilder();
                for (int k = 0; k < syllables; k++) {
                    w.append(onsets[random.nextInt(onsets.length)]).append(nuclei[random.nextInt(nuclei.length)])
                            .append(codas[random.nextInt(codas.length)]);
                }
                String word = w.toString();
                words[r] = capitalNouns && r >= 50 && random.nextInt(3) == 0
                        ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word;
            }
        }

        String draw(SplittableRandom random) {
            // inverse CDF of a continuous 1/x law over [1, LEXICON_SIZE + 1)
            double u = random.nextDouble();
            int r = (int) Math.floor(Math.exp(u * Math.log(LEXICON_SIZE + 1.0))) - 1;
            return words[Math.min(r, LEXICON_SIZE - 1)];
        }
    }
}
