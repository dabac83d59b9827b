package io.attnspark.nn;

import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.testing.Fixtures;
import io.attnspark.train.TrainConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model, train and decode sections of conf/defaults.conf read into their records, strictly. */
class ConfigRecordsTest {
    @Test
    void defaultsLoad() {
        RnnAttentionConfig m = RnnAttentionConfig.fromConfig(Fixtures.section("model"));
        assertEquals(new RnnAttentionConfig(64, 1, 128, true, 1, 128, AttentionScore.GENERAL, 128, 0.1), m);
        assertEquals(256, m.encoderOutputSize());
        TrainConfig t = TrainConfig.fromConfig(Fixtures.section("train"));
        assertEquals(new TrainConfig(10, 64, 0.005, 5.0, 100, 0.0, "adam", 0.01, TrainConfig.Schedule.CONSTANT, 1000,
                0.5, 1, 1e-5, 0, 0.0, 1000, 0, TrainConfig.Selection.LOSS, 0), t);
        DecodeConfig d = DecodeConfig.fromConfig(Fixtures.section("decode"));
        assertEquals(new DecodeConfig(5, 0.6, 2.0, 10, 64), d);
        assertEquals(2 * 7 + 10, d.maxLength(7));
        assertEquals(Math.pow(11.0 / 6.0, 0.6), d.lengthNorm(6), 1e-12);
    }

    @Test
    void dotScoreNeedsEqualSizes() {
        ConfigError e = assertThrows(ConfigError.class, () -> RnnAttentionConfig.fromConfig(model("attention.score = dot")));
        assertEquals("model.attention.score", e.key());
        assertTrue(e.getMessage().contains("model.decoder.hidden-size=128") && e.getMessage().contains("256"), e.getMessage());
        RnnAttentionConfig ok = RnnAttentionConfig.fromConfig(model("attention.score = dot\ndecoder.hidden-size = 256"));
        assertEquals(AttentionScore.DOT, ok.score());
    }

    @Test
    void cellsAndImplementationsRead() {
        RnnAttentionConfig gru = RnnAttentionConfig.fromConfig(model("encoder.cell = gru\ndecoder.cell = gru"));
        assertEquals(RnnCell.GRU, gru.encoderCell());
        assertEquals(RnnCell.GRU, gru.decoderCell());
        assertEquals(RnnImpl.FUSED, gru.rnnImpl());
        assertEquals(RnnImpl.DL4J, RnnAttentionConfig.fromConfig(model("rnn-impl = dl4j")).rnnImpl());
        ConfigError dl4jGru = assertThrows(ConfigError.class,
                () -> RnnAttentionConfig.fromConfig(model("rnn-impl = dl4j\ndecoder.cell = gru")));
        assertEquals("model.decoder.cell", dl4jGru.key());
        assertTrue(dl4jGru.getMessage().contains("model.rnn-impl=fused"), dl4jGru.getMessage());
        ConfigError cell = assertThrows(ConfigError.class, () -> RnnAttentionConfig.fromConfig(model("encoder.cell = rnn")));
        assertEquals("model.encoder.cell", cell.key());
        assertTrue(cell.getMessage().contains("lstm, gru"), cell.getMessage());
        ConfigError impl = assertThrows(ConfigError.class, () -> RnnAttentionConfig.fromConfig(model("rnn-impl = cudnn")));
        assertEquals("model.rnn-impl", impl.key());
    }

    @Test
    void inputFeedingIsReadAndRefusedWithDl4jLayers() {
        assertEquals(false, RnnAttentionConfig.fromConfig(Fixtures.section("model")).inputFeeding());
        RnnAttentionConfig on = RnnAttentionConfig.fromConfig(model("decoder.input-feeding = true"));
        assertTrue(on.inputFeeding());
        assertEquals(new RnnAttentionConfig(64, 1, 128, true, 1, 128, AttentionScore.GENERAL, 128, 0.1)
                .withInputFeeding(true), on);
        RnnAttentionConfig local = RnnAttentionConfig.fromConfig(model(
                "decoder { input-feeding = true, cell = gru }\nattention.type = local"));
        assertTrue(local.inputFeeding() && local.localWindow() == 5 && local.decoderCell() == RnnCell.GRU);
        ConfigError bad = assertThrows(ConfigError.class,
                () -> RnnAttentionConfig.fromConfig(model("decoder.input-feeding = maybe")));
        assertEquals("model.decoder.input-feeding", bad.key());
        assertTrue(bad.getMessage().contains("true or false"), bad.getMessage());
        ConfigError typo = assertThrows(ConfigError.class,
                () -> RnnAttentionConfig.fromConfig(model("decoder.input-feed = true")));
        assertTrue(typo.getMessage().contains("model.decoder.input-feeding"), typo.getMessage());
        ConfigError dl4j = assertThrows(ConfigError.class,
                () -> RnnAttentionConfig.fromConfig(model("decoder.input-feeding = true\nrnn-impl = dl4j")));
        assertEquals("model.decoder.input-feeding", dl4j.key());
        assertTrue(dl4j.getMessage().contains("model.rnn-impl=fused"), dl4j.getMessage());
    }

    @Test
    void unknownAndBadKeysAreRefusedByName() {
        ConfigError unknown = assertThrows(ConfigError.class, () -> RnnAttentionConfig.fromConfig(model("dropuot = 0.2")));
        assertTrue(unknown.getMessage().contains("model.dropuot") && unknown.getMessage().contains("model.dropout"),
                unknown.getMessage());
        ConfigError score = assertThrows(ConfigError.class, () -> RnnAttentionConfig.fromConfig(model("attention.score = cosine")));
        assertEquals("model.attention.score", score.key());
        ConfigError beam = assertThrows(ConfigError.class, () -> DecodeConfig.fromConfig(section("decode", "beam = 0")));
        assertEquals("decode.beam", beam.key());
        ConfigError lr = assertThrows(ConfigError.class, () -> TrainConfig.fromConfig(section("train", "learning-rate = 0")));
        assertEquals("train.learning-rate", lr.key());
    }

    private static ConfigSection model(String override) {
        return section("model", override);
    }

    private static ConfigSection section(String name, String override) {
        return ConfigSection.of(ConfigFactory.parseString(name + " { " + override + " }").withFallback(Fixtures.defaults())
                .resolve(), name);
    }
}
