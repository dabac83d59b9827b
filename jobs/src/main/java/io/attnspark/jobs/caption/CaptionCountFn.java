package io.attnspark.jobs.caption;

import io.attnspark.prep.captions.CaptionedImage;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.util.Iterator;
import java.util.List;

/** The number of (image, caption) examples in a partition, as one element. */
final class CaptionCountFn implements FlatMapFunction<Iterator<CaptionedImage>, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Long> call(Iterator<CaptionedImage> images) {
        long n = 0;
        while (images.hasNext()) {
            n += images.next().captionIds().length;
        }
        return List.of(n).iterator();
    }
}
