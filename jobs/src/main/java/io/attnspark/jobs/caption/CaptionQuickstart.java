package io.attnspark.jobs.caption;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.jobs.cli.JobContext;
import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.prep.PrepCaptionsJob;
import io.attnspark.jobs.prep.PrepCaptionsRequest;
import io.attnspark.jobs.train.TrainRequest;
import io.attnspark.metrics.MultiOrderBleu;
import io.attnspark.nn.caption.CaptionConfig;
import io.attnspark.nn.caption.CaptionSearch;
import io.attnspark.nn.caption.CaptionStepDecoder;
import io.attnspark.prep.Split;
import io.attnspark.prep.captions.CaptionedImage;
import io.attnspark.prep.captions.PreparedCaptions;
import io.attnspark.prep.synthetic.ShapesCaptionGenerator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code attnspark quickstart --task captions}: generate the synthetic shapes set ({@link ShapesCaptionGenerator}),
 * prepare it with prep-captions on Spark, train the captioner with parameter averaging, caption the test split
 * with beam search and score it with BLEU-1..4 against the three references of each image. Its last line is
 * {@code quickstart: BLEU4=<score> ...}.
 */
public final class CaptionQuickstart {
    private CaptionQuickstart() {
    }

    /** Runs the pipeline into {@code out} (a local directory prepared by the command). */
    public static void run(JobContext context, Path out) throws Exception {
        long start = System.nanoTime();
        PrintStream progress = System.out;
        CaptionQuickstartSettings sizes = CaptionQuickstartSettings.fromConfig(
                context.config().section("quickstart.captions"));
        CaptionConfig model = CaptionConfig.fromConfig(context.config().section("model.caption"));
        long seed = context.config().config().getLong("seed");
        java.nio.file.Path root = java.nio.file.Path.of(out.toUri());
        java.nio.file.Path images = root.resolve("shapes");
        ShapesCaptionGenerator.Written written = ShapesCaptionGenerator.write(images, sizes.trainImages(),
                sizes.validImages(), sizes.testImages(), sizes.imageSize(), seed);
        progress.printf(Locale.ROOT, "quickstart: generated %,d / %,d / %,d train / valid / test shape images of %d px "
                + "in %s%n", sizes.trainImages(), sizes.validImages(), sizes.testImages(), sizes.imageSize(), images);
        Path prepDir = new Path(out, "prep");
        Path modelDir = new Path(out, "model");
        SparkSession spark = context.startSpark();
        ComputationGraph trained;
        double trainSeconds;
        try {
            PrepCaptionsJob.prepare(spark, new PrepCaptionsRequest(context, written.images().toString(),
                    written.captions().toString(), Optional.of(written.trainList().toString()),
                    Optional.of(written.validList().toString()), Optional.of(written.testList().toString()), prepDir),
                    progress);
            OutputPaths.writeText(modelDir, "resolved.conf", context.config().render());
            long trainStart = System.nanoTime();
            CaptionTrainJob.train(spark, new TrainRequest(context, prepDir, modelDir, false), progress);
            trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            // decode with the model train keeps for decoding (best.zip: the best epoch by train.select-by), as score
            // does, not with the last epoch's graph
            trained = new io.attnspark.jobs.model.ModelDir(modelDir, spark.sparkContext().hadoopConfiguration())
                    .loadForDecoding();
            PreparedCaptions data = PreparedCaptions.open(prepDir.toString(), spark.sparkContext().hadoopConfiguration());
            List<CaptionedImage> test = new ArrayList<>(data.images(spark, Split.TEST).collect());
            test.sort(Comparator.comparing(CaptionedImage::image));
            DecodeConfig decode = DecodeConfig.fromConfig(context.config().section("decode"));
            List<String> lines = new ArrayList<>();
            List<String> hyps = new ArrayList<>();
            List<List<String>> refs = new ArrayList<>();
            int exact = 0;
            CaptionSearch search = new CaptionSearch(new CaptionStepDecoder(trained), model.maxLength());
            for (CaptionedImage img : test) {
                Hypothesis best = search.beam(CaptionValidation.pixels(List.of(img)), decode, 1).get(0);
                String caption = data.pipeline().decode(best.tokens());
                hyps.add(caption);
                refs.add(img.captions());
                lines.add(img.image() + "\t" + caption);
                exact += img.captions().contains(caption) ? 1 : 0;
            }
            Files.write(root.resolve("test.captions"), lines, StandardCharsets.UTF_8);
            double[] bleu = MultiOrderBleu.scores(MultiOrderBleu.stats(hyps, refs));
            progress.printf(Locale.ROOT, "quickstart: BLEU-1..4 %.2f / %.2f / %.2f / %.2f on %d test images (beam %d)%n",
                    bleu[0], bleu[1], bleu[2], bleu[3], test.size(), decode.beam());
            progress.printf(Locale.ROOT, "quickstart: BLEU4=%.2f exact=%.1f%% test_images=%d train_seconds=%.0f "
                            + "total_seconds=%.0f out=%s%n", bleu[3], 100.0 * exact / Math.max(1, test.size()),
                    test.size(), trainSeconds, (System.nanoTime() - start) / 1e9, root);
        } finally {
            spark.stop();
        }
    }
}
