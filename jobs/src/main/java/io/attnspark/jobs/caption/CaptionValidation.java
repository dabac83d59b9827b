package io.attnspark.jobs.caption;

import io.attnspark.decode.Hypothesis;
import io.attnspark.jobs.report.AttentionMapPainter;
import io.attnspark.jobs.report.TrainingReport;
import io.attnspark.metrics.BleuStats;
import io.attnspark.metrics.MultiOrderBleu;
import io.attnspark.nn.caption.CaptionSearch;
import io.attnspark.nn.caption.CaptionStepDecoder;
import io.attnspark.prep.captions.CaptionedImage;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What captioning training measures on held-out images after every epoch, on the driver: the cross-entropy per
 * caption token (every reference caption of every image, teacher forced, EOS included; the regulariser does not
 * enter it) and BLEU-1..4 of greedy captions against all references of each image.
 */
final class CaptionValidation {
    private final List<CaptionedImage> images;
    private final TextPipeline pipeline;
    private final int maxLength;
    private final int batchSize;

    CaptionValidation(List<CaptionedImage> images, TextPipeline pipeline, int maxLength, int batchSize) {
        this.images = List.copyOf(images);
        this.pipeline = pipeline;
        this.maxLength = maxLength;
        this.batchSize = batchSize;
    }

    boolean isEmpty() {
        return images.isEmpty();
    }

    /** Images [n, 3, S, S] of {@code list}. */
    static INDArray pixels(List<CaptionedImage> list) {
        CaptionedImage first = list.get(0);
        int plane = 3 * first.height() * first.width();
        float[] all = new float[list.size() * plane];
        for (int i = 0; i < list.size(); i++) {
            System.arraycopy(list.get(i).toChannelsFirst(), 0, all, i * plane, plane);
        }
        return Nd4j.create(all, new long[] {list.size(), 3, first.height(), first.width()}, 'c');
    }

    /** Mean negative log-likelihood per caption token (nats); NaN without validation images. */
    double loss(ComputationGraph model) {
        if (images.isEmpty()) {
            return Double.NaN;
        }
        CaptionSearch search = new CaptionSearch(new CaptionStepDecoder(model), maxLength);
        double total = 0;
        long tokens = 0;
        for (int from = 0; from < images.size(); from += batchSize) {
            List<CaptionedImage> part = images.subList(from, Math.min(images.size(), from + batchSize));
            List<CaptionedImage> rows = new ArrayList<>();
            List<int[]> captions = new ArrayList<>();
            for (CaptionedImage img : part) {
                for (int[] ids : img.captionIds()) {
                    rows.add(img);
                    captions.add(ids);
                    tokens += Math.min(ids.length, maxLength) + 1;
                }
            }
            for (double lp : search.forced(pixels(rows), captions)) {
                total -= lp;
            }
        }
        return total / tokens;
    }

    /** Greedy captions of every validation image, as ids with attention. */
    List<Hypothesis> greedy(ComputationGraph model) {
        CaptionSearch search = new CaptionSearch(new CaptionStepDecoder(model), maxLength);
        List<Hypothesis> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += batchSize) {
            out.addAll(search.greedy(pixels(images.subList(from, Math.min(images.size(), from + batchSize)))));
        }
        return out;
    }

    /** BLEU-1..4 [4] of greedy captions against all references; NaNs without validation images. */
    double[] bleu(List<Hypothesis> hypotheses) {
        if (images.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        List<String> hyps = new ArrayList<>();
        List<List<String>> refs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            hyps.add(pipeline.decode(hypotheses.get(i).tokens()));
            refs.add(images.get(i).captions());
        }
        BleuStats stats = MultiOrderBleu.stats(hyps, refs);
        return MultiOrderBleu.scores(stats);
    }

    /** The first {@code n} images' greedy captions with their attention over the grid positions, for report.html. */
    List<TrainingReport.Alignment> alignments(List<Hypothesis> hypotheses, int gridHeight, int gridWidth, int n) {
        List<String> positions = new ArrayList<>();
        for (int y = 0; y < gridHeight; y++) {
            for (int x = 0; x < gridWidth; x++) {
                positions.add(String.format(Locale.ROOT, "r%dc%d", y, x));
            }
        }
        List<TrainingReport.Alignment> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, hypotheses.size()); i++) {
            List<String> words = new ArrayList<>(pipeline.vocabulary().decode(hypotheses.get(i).tokens()));
            words.add(Vocabulary.EOS);
            out.add(new TrainingReport.Alignment(positions, words, hypotheses.get(i).attention()));
        }
        return out;
    }

    /**
     * Attention maps ({@link AttentionMapPainter}) of the first {@code n} images' greedy captions, for report.html:
     * titled {@code IMAGE: caption}.
     */
    List<TrainingReport.Figure> attentionMaps(List<Hypothesis> hypotheses, int gridSide, int n) {
        List<TrainingReport.Figure> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, hypotheses.size()); i++) {
            CaptionedImage img = images.get(i);
            Hypothesis h = hypotheses.get(i);
            List<String> words = new ArrayList<>(pipeline.vocabulary().decode(h.tokens()));
            if (words.isEmpty()) {
                words.add(Vocabulary.EOS);
            }
            out.add(new TrainingReport.Figure(img.image() + ": " + pipeline.decode(h.tokens()),
                    AttentionMapPainter.png(img.pixels(), img.height(), gridSide, gridSide, words, h.attention())));
        }
        return out;
    }

    /** The validation images (for attention maps). */
    List<CaptionedImage> images() {
        return images;
    }
}
