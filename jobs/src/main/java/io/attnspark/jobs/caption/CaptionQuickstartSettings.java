package io.attnspark.jobs.caption;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

/**
 * Sizes of the synthetic shapes set that {@code quickstart --task captions} generates (the
 * {@code quickstart.captions} section).
 *
 * @param trainImages training images (three captions each)
 * @param validImages validation images
 * @param testImages  test images, captioned at the end
 * @param imageSize   side of the generated images in pixels
 */
public record CaptionQuickstartSettings(int trainImages, int validImages, int testImages, int imageSize) {
    public CaptionQuickstartSettings {
        if (trainImages < 1 || validImages < 1 || testImages < 1) {
            throw new ConfigError("quickstart.captions", "quickstart.captions.train-images, valid-images and "
                    + "test-images must be at least 1");
        }
        if (imageSize < 16) {
            throw new ConfigError("quickstart.captions.image-size", "quickstart.captions.image-size=" + imageSize
                    + " is below 16 pixels");
        }
    }

    /** Reads the {@code quickstart.captions} section, refusing unknown keys. */
    public static CaptionQuickstartSettings fromConfig(ConfigSection s) {
        int train = s.getInt("train-images", 1, 1_000_000);
        int valid = s.getInt("valid-images", 1, 100_000);
        int test = s.getInt("test-images", 1, 100_000);
        int size = s.getInt("image-size", 16, 4096);
        s.rejectUnknownKeys();
        return new CaptionQuickstartSettings(train, valid, test, size);
    }
}
