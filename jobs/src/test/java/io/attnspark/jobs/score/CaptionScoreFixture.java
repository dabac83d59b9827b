package io.attnspark.jobs.score;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.caption.CaptionTrainJob;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.prep.PrepCaptionsJob;
import io.attnspark.jobs.prep.PrepCaptionsRequest;
import io.attnspark.jobs.train.TrainRequest;
import io.attnspark.prep.synthetic.ShapesCaptionGenerator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The caption scoring tests' shared world, built once: a local[2] session, the synthetic shapes set the caption
 * quickstart uses (small: 48 / 6 / 8 images of 32 px, prepared at 16 px), and a tiny captioner (two conv blocks:
 * a 4x4 grid) trained for one epoch by the real {@link CaptionTrainJob} into a real model directory (model.zip,
 * best.zip, text/, resolved.conf, model.json, report.html). A real model, not a good one.
 */
final class CaptionScoreFixture {
    static final int IMAGE_SIZE = 16;
    static final int GRID = 4;
    static final List<String> SETTINGS = List.of("model.type=caption", "model.caption.encoder.channels=[4,8]",
            "model.caption.embedding-size=8", "model.caption.hidden-size=16", "model.caption.attention-size=8",
            "model.caption.dropout=0.0", "model.caption.max-length=8", "captions.image-size=" + IMAGE_SIZE,
            "captions.vocab.min-count=1", "captions.shards=1", "train.epochs=1", "train.batch-size=16",
            "train.bleu-sentences=6", "decode.batch-size=3", "decode.beam=1", "spark.conf.\"spark.sql.shuffle.partitions\"=2");

    final java.nio.file.Path root;
    final ShapesCaptionGenerator.Written shapes;
    final Path model;
    final SparkSession spark;

    private CaptionScoreFixture(java.nio.file.Path root, ShapesCaptionGenerator.Written shapes, Path model,
                                SparkSession spark) {
        this.root = root;
        this.shapes = shapes;
        this.model = model;
        this.spark = spark;
    }

    static CaptionScoreFixture build(java.nio.file.Path root) throws Exception {
        JobContext context = context(List.of());
        ShapesCaptionGenerator.Written shapes = ShapesCaptionGenerator.write(root.resolve("shapes"), 48, 6, 8, 32, 3);
        SparkSession spark = context.startSpark();
        Path prep = new Path(root.resolve("prep").toUri());
        PrepCaptionsJob.prepare(spark, new PrepCaptionsRequest(context, shapes.images().toString(),
                shapes.captions().toString(), Optional.of(shapes.trainList().toString()),
                Optional.of(shapes.validList().toString()), Optional.of(shapes.testList().toString()), prep),
                ScoreFixture.quiet());
        Path model = new Path(root.resolve("model").toUri());
        OutputPaths.writeText(model, "resolved.conf", context.config().render());
        CaptionTrainJob.train(spark, new TrainRequest(context, prep, model, false), ScoreFixture.quiet());
        return new CaptionScoreFixture(root, shapes, model, spark);
    }

    /** The fixture settings, then {@code overrides}. */
    static JobContext context(List<String> overrides) {
        List<String> all = new ArrayList<>(SETTINGS);
        all.addAll(overrides);
        return new JobContext("score", AttnsparkConfig.defaults().withOverrides(all), Optional.empty(), false);
    }
}
