package io.attnspark.prep.captions;

import java.io.Serializable;

/**
 * One image for the executors to read, with its split and its normalised, non-empty captions. A plain class, not
 * a record: Spark's Kryo 4 cannot serialize records.
 */
final class ImageTask implements Serializable {
    private static final long serialVersionUID = 1L;
    final int split;
    final String image;
    final String[] captions;

    ImageTask(int split, String image, String[] captions) {
        this.split = split;
        this.image = image;
        this.captions = captions;
    }
}
