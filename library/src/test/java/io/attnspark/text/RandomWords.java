package io.attnspark.text;

import java.util.Random;

/** Random words over a small alphabet with accents and a surrogate pair, so that pairs repeat. */
final class RandomWords {
    private static final String[] LETTERS = {"a", "e", "i", "n", "r", "s", "t", "l", "ä", "ß", "\ud83d\ude00"};

    private RandomWords() {
    }

    static String word(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int k = 1 + random.nextInt(9); k > 0; k--) {
            sb.append(LETTERS[random.nextInt(LETTERS.length)]);
        }
        return sb.toString();
    }
}
