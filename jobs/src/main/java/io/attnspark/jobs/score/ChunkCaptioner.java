package io.attnspark.jobs.score;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.jobs.report.AttentionMapPainter;
import io.attnspark.nn.caption.CaptionSearch;
import io.attnspark.nn.caption.CaptionStepDecoder;
import io.attnspark.prep.captions.ImagePreparation;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Vocabulary;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Captions one chunk of images on an executor: reads each file, decodes, centre-crops and resizes it as
 * prep-captions does ({@link ImagePreparation}), captions the decodable ones together (greedy for beam 1, else
 * beam search image by image; an ensemble's models together) and, when asked, writes each image's attention map.
 * A file that cannot be read or decoded becomes an error row naming it; it never fails the task. Rows keep the
 * chunk's order.
 */
final class ChunkCaptioner {
    private final CaptionSearch search;
    private final TextPipeline pipeline;
    private final CaptionOptions options;
    private final DecodeConfig decode;
    private final Configuration hadoop;

    /** @param graphs the model, or the models of an ensemble (one vocabulary: {@code pipeline}'s) */
    ChunkCaptioner(List<ComputationGraph> graphs, TextPipeline pipeline, CaptionOptions options, Configuration hadoop) {
        this.search = new CaptionSearch(graphs.stream().map(CaptionStepDecoder::new).toList(), options.maxLength);
        this.pipeline = pipeline;
        this.options = options;
        this.decode = options.decode();
        this.hadoop = hadoop;
    }

    /** One row of {@link CaptionResultSchema} per image of {@code chunk}, in its order. */
    List<Row> caption(List<ImageRef> chunk) {
        Row[] rows = new Row[chunk.size()];
        List<Integer> ok = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            ImageRef ref = chunk.get(i);
            try {
                pixels.add(ImagePreparation.pixels(read(ref.image), options.imageSize, options.maxSourcePixels));
                ok.add(i);
            } catch (IOException e) {
                rows[i] = error(ref, "cannot read " + ref.image + ": " + e.getClass().getSimpleName() + ": "
                        + firstLine(e.getMessage()));
            } catch (ImagePreparation.Unusable e) {
                rows[i] = error(ref, ref.image + ": " + firstLine(e.getMessage()));
            }
        }
        List<Hypothesis> best = hypotheses(pixels);
        for (int k = 0; k < ok.size(); k++) {
            ImageRef ref = chunk.get(ok.get(k));
            Hypothesis h = best.get(k);
            String map = options.mapsDir == null ? null : writeMap(ref, pixels.get(k), h);
            rows[ok.get(k)] = RowFactory.create(ref.id, ref.image, ScoreStatus.OK.label(), null,
                    pipeline.decode(h.tokens()), h.logProb(), h.tokens().length, map);
        }
        return List.of(rows);
    }

    /** The best caption of each image [size, size, 3]. */
    private List<Hypothesis> hypotheses(List<byte[]> pixels) {
        if (pixels.isEmpty()) {
            return List.of();
        }
        if (decode.beam() == 1) {
            return search.greedy(batch(pixels));
        }
        List<Hypothesis> out = new ArrayList<>(pixels.size());
        for (byte[] p : pixels) {
            out.add(search.beam(batch(List.of(p)), decode, 1).get(0));
        }
        return out;
    }

    /** Images [n, 3, S, S] in [0, 1] from RGB bytes [S, S, 3] each (as CaptionedImage#toChannelsFirst). */
    private INDArray batch(List<byte[]> pixels) {
        int s = options.imageSize;
        int plane = s * s;
        float[] all = new float[pixels.size() * 3 * plane];
        for (int i = 0; i < pixels.size(); i++) {
            byte[] p = pixels.get(i);
            int base = i * 3 * plane;
            for (int q = 0; q < plane; q++) {
                for (int c = 0; c < 3; c++) {
                    all[base + c * plane + q] = (p[q * 3 + c] & 0xFF) / 255f;
                }
            }
        }
        return Nd4j.create(all, new long[] {pixels.size(), 3, s, s}, 'c');
    }

    /** Writes {@code MAPS/<image>.png}; returns its name relative to the maps directory. */
    private String writeMap(ImageRef ref, byte[] pixels, Hypothesis h) {
        List<String> words = new ArrayList<>(pipeline.vocabulary().decode(h.tokens()));
        if (words.isEmpty()) {
            words.add(Vocabulary.EOS);
        }
        byte[] png = AttentionMapPainter.png(pixels, options.imageSize, options.gridSide, options.gridSide, words,
                h.attention());
        String name = ref.image + ".png";
        Path file = new Path(options.mapsDir, name);
        try {
            if ("file".equals(file.toUri().getScheme())) {
                // Plain local write: Hadoop's LocalFileSystem would add a .crc file beside it.
                java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
                Files.createDirectories(local.getParent());
                Files.write(local, png);
            } else {
                FileSystem fs = file.getFileSystem(hadoop);
                try (FSDataOutputStream out = fs.create(file, true)) {
                    out.write(png);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the attention map " + file + ": " + e.getMessage(), e);
        }
        return name;
    }

    private byte[] read(String image) throws IOException {
        Path path = new Path(options.imageDir, image);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return in.readAllBytes();
        }
    }

    private static Row error(ImageRef ref, String message) {
        return RowFactory.create(ref.id, ref.image, ScoreStatus.ERROR.label(), message, null, null, null, null);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
