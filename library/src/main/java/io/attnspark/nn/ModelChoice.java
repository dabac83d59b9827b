package io.attnspark.nn;

import io.attnspark.config.ConfigSection;
import io.attnspark.nn.transformer.TransformerConfig;
import io.attnspark.nn.transformer.TransformerModel;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * The model {@code model.type} selects, with its validated hyperparameters: {@link RnnAttentionConfig} for
 * {@value RnnAttentionConfig#TYPE}, {@link TransformerConfig} for {@value TransformerConfig#TYPE}. Both build
 * graphs with the same inputs, output and batch format, so training, validation, decoding and scoring take either.
 *
 * @param type   the value of model.type
 * @param rnn    the RNN's settings (always read and validated)
 * @param transformer the Transformer's settings (always read and validated)
 */
public record ModelChoice(String type, RnnAttentionConfig rnn, TransformerConfig transformer) {

    /** Reads and validates the {@code model} section. */
    public static ModelChoice fromConfig(ConfigSection model) {
        RnnAttentionConfig rnn = RnnAttentionConfig.fromConfig(model);
        TransformerConfig transformer = TransformerConfig.fromConfig(model);
        return new ModelChoice(model.getString("type"), rnn, transformer);
    }

    public boolean isTransformer() {
        return type.equals(TransformerConfig.TYPE);
    }

    /** The training configuration of the chosen model. */
    public ComputationGraphConfiguration configuration(TrainConfig train, int sourceVocab, int targetVocab, long seed) {
        return isTransformer() ? TransformerModel.configuration(transformer, train, sourceVocab, targetVocab, seed)
                : RnnAttentionModel.configuration(rnn, train, sourceVocab, targetVocab, seed);
    }

    /** The chosen model's weight tying. */
    public TiedEmbeddings tiedEmbeddings() {
        return isTransformer() ? transformer.tiedEmbeddings() : rnn.tiedEmbeddings();
    }

    /** The configuration key of {@link #tiedEmbeddings()}. */
    public String tiedEmbeddingsKey() {
        return isTransformer() ? TransformerConfig.SECTION + ".tie-embeddings" : "model.tie-embeddings";
    }

    /** The chosen model's settings, for provenance. */
    public String describe() {
        return isTransformer() ? transformer.toString() : rnn.toString();
    }
}
