package io.attnspark.jobs.caption;

import io.attnspark.prep.captions.CaptionedImage;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.util.Iterator;
import java.util.List;

/**
 * The captions of a partition and the caption slots they fill in groups of {@code perImage} per image (see
 * {@link CaptionBatchesFn}), as one element {captions, slots}.
 */
final class CaptionCountFn implements FlatMapFunction<Iterator<CaptionedImage>, long[]> {
    private static final long serialVersionUID = 1L;
    private final int perImage;

    CaptionCountFn(int perImage) {
        this.perImage = perImage;
    }

    @Override
    public Iterator<long[]> call(Iterator<CaptionedImage> images) {
        long captions = 0;
        long slots = 0;
        while (images.hasNext()) {
            int n = images.next().captionIds().length;
            captions += n;
            slots += CaptionBatchesFn.slots(n, perImage);
        }
        return List.of(new long[] {captions, slots}).iterator();
    }
}
