package io.attnspark.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigSection;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared test fixtures: the shipped defaults, tiny models and random sentence pairs. */
public final class Fixtures {
    private Fixtures() {
    }

    /** conf/defaults.conf as shipped in the library jar. */
    public static Config defaults() {
        Config c = ConfigFactory.parseResources("attnspark/conf/defaults.conf").resolve();
        if (c.isEmpty()) {
            throw new IllegalStateException("attnspark/conf/defaults.conf not found on the test classpath");
        }
        return c;
    }

    public static ConfigSection section(String name) {
        return ConfigSection.of(defaults(), name);
    }

    /** A tiny model: embeddings 6, encoder 5 per direction, decoder 7, attentional 6, no dropout. */
    public static RnnAttentionConfig tinyModel(AttentionScore score, boolean bidirectional, int layers) {
        int enc = 5;
        int dec = score.needsEqualSizes() ? (bidirectional ? 2 * enc : enc) : 7;
        return new RnnAttentionConfig(6, layers, enc, bidirectional, layers, dec, score, 6, 0.0);
    }

    /** Random pairs with lengths in [minLen, maxLen] over ids [COUNT, vocab). */
    public static List<TokenPair> randomPairs(int n, int vocab, int minLen, int maxLen, long seed) {
        Random r = new Random(seed);
        List<TokenPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new TokenPair(randomIds(r, vocab, minLen, maxLen), randomIds(r, vocab, minLen, maxLen)));
        }
        return out;
    }

    public static int[] randomIds(Random r, int vocab, int minLen, int maxLen) {
        int len = minLen + r.nextInt(maxLen - minLen + 1);
        int[] a = new int[len];
        for (int j = 0; j < len; j++) {
            a[j] = SpecialTokens.COUNT + r.nextInt(vocab - SpecialTokens.COUNT);
        }
        return a;
    }
}
