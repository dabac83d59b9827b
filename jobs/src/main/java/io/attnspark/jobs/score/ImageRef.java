package io.attnspark.jobs.score;

import java.io.Serializable;

/**
 * One image to caption: its position in the sorted listing and its path relative to the image directory. A plain
 * class, not a record: Spark's Kryo 4 cannot serialize records.
 */
final class ImageRef implements Serializable {
    private static final long serialVersionUID = 1L;
    final long id;
    final String image;

    ImageRef(long id, String image) {
        this.id = id;
        this.image = image;
    }
}
