package io.attnspark.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NearestKeyTest {
    private static final List<String> KEYS = List.of("model", "model.encoder", "model.encoder.hidden-size",
            "model.decoder", "model.decoder.hidden-size", "model.embedding-size", "train", "train.epochs", "seed");

    @Test
    void editDistance() {
        assertEquals(0, NearestKey.levenshtein("abc", "abc"));
        assertEquals(1, NearestKey.levenshtein("hiden", "hidden"));
        assertEquals(3, NearestKey.levenshtein("kitten", "sitting"));
        assertEquals(4, NearestKey.levenshtein("", "seed"));
    }

    @Test
    void siblingTyposWin() {
        assertEquals(List.of("train.epochs"), NearestKey.nearest("train.epoch", KEYS));
        assertEquals(List.of("model.encoder.hidden-size"), NearestKey.nearest("model.encoder.hiden-size", KEYS));
    }

    @Test
    void wrongLevelGivesEveryTiedCandidate() {
        assertEquals(" (did you mean model.decoder.hidden-size or model.encoder.hidden-size?)",
                NearestKey.didYouMean("model.hidden-size", KEYS));
    }

    @Test
    void farAwayKeysGetNoSuggestion() {
        assertEquals(List.of(), NearestKey.nearest("completely.unrelated", KEYS));
        assertEquals("", NearestKey.didYouMean("xyz", KEYS));
    }
}
