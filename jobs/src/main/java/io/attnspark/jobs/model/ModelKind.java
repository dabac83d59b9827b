package io.attnspark.jobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.jobs.caption.CaptionTrainJob;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.caption.CaptionConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a model directory holds: a captioner (its {@code text/} is prep-captions output) or a translation model
 * (prep-text output), with the type {@code model.json} names, so that a command can refuse a model it cannot
 * run in one line that says what the directory holds.
 *
 * @param caption whether the model captions images
 * @param type    the model type as {@code model.json} records it (caption, rnn-attention, transformer)
 */
public record ModelKind(boolean caption, String type) {
    /** Reads {@code dir/text/manifest.json} and {@code dir/model.json} (a missing model.json: the type by kind). */
    public static ModelKind of(Path dir, Configuration hadoop) throws IOException {
        boolean caption = CaptionTrainJob.isCaptions(new Path(dir, ModelDir.TEXT), hadoop);
        String type = caption ? CaptionConfig.TYPE : RnnAttentionConfig.TYPE;
        Path provenance = new Path(dir, ModelDir.PROVENANCE);
        FileSystem fs = provenance.getFileSystem(hadoop);
        if (fs.exists(provenance)) {
            try (InputStream in = fs.open(provenance)) {
                JsonNode t = new ObjectMapper().readTree(in).get("model_type");
                if (t != null && t.isTextual()) {
                    type = t.asText();
                }
            }
        }
        return new ModelKind(caption, type);
    }

    /** {@code "a caption model (captions images)"} or {@code "a rnn-attention model (translation)"}. */
    public String describe() {
        return "a " + type + " model (" + (caption ? "captions images" : "translation") + ")";
    }
}
