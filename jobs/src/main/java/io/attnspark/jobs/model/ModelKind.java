package io.attnspark.jobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.jobs.caption.CaptionTrainJob;
import io.attnspark.jobs.cli.CommandFailure;
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
    /**
     * Reads {@code dir/text/manifest.json} and {@code dir/model.json} (a missing model.json: the type by kind).
     * Refuses, in one line, a path that does not exist, a file (such as {@code model.zip} itself) and a directory
     * that train did not write.
     */
    public static ModelKind of(Path dir, Configuration hadoop) throws IOException {
        checkDirectory(dir, hadoop);
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

    /** The one-line refusals of {@link #of}: {@code dir} must be a model directory that train wrote. */
    static void checkDirectory(Path dir, Configuration hadoop) throws IOException {
        FileSystem fs = dir.getFileSystem(hadoop);
        if (!fs.exists(dir)) {
            throw new CommandFailure("model " + dir + " does not exist: --model takes the directory train wrote");
        }
        if (!fs.getFileStatus(dir).isDirectory()) {
            Path parent = dir.getParent();
            throw new CommandFailure("model " + dir + " is a file: --model takes the directory train wrote (with "
                    + ModelDir.MODEL + ", " + ModelDir.PROVENANCE + " and " + ModelDir.TEXT + "/)"
                    + (parent == null ? "" : ", e.g. " + parent));
        }
        if (!fs.exists(new Path(dir, ModelDir.MODEL)) && !fs.exists(new Path(dir, ModelDir.BEST))) {
            throw new CommandFailure("model " + dir + " has neither " + ModelDir.MODEL + " nor " + ModelDir.BEST
                    + ": not a model directory written by train");
        }
        if (!fs.exists(new Path(dir, ModelDir.TEXT))) {
            throw new CommandFailure("model " + dir + " has no " + ModelDir.TEXT
                    + "/ (the prepared data's manifest and vocabularies): not a model directory written by train");
        }
    }

    /** {@code "a caption model (captions images)"} or {@code "a rnn-attention model (translation)"}. */
    public String describe() {
        return "a " + type + " model (" + (caption ? "captions images" : "translation") + ")";
    }
}
