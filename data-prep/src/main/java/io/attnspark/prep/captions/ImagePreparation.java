package io.attnspark.prep.captions;

/**
 * The image half of prep-captions for other jobs (scoring): decode a file's bytes ({@link ImageDecoder}) and
 * centre-crop and resize them ({@link CentreCropResize}), the very code prep-captions runs, so a model sees at
 * scoring time exactly the pixels it would have seen in training.
 */
public final class ImagePreparation {
    /** Why an image cannot be used: {@link #reason()} ({@code corrupt}, {@code too-large}) and a one-line detail. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Unusable(String reason, String detail) {
            super(reason + ": " + detail);
            this.reason = reason;
        }

        /** The skip reason's key, as prep-captions counts it. */
        public String reason() {
            return reason;
        }
    }

    private ImagePreparation() {
    }

    /**
     * @param bytes           the image file (JPEG, PNG, ...)
     * @param size            side of the output square
     * @param maxSourcePixels images with more pixels (from the header) are refused as too-large
     * @return unsigned RGB bytes, row-major with interleaved channels, shape {@code [size, size, 3]}
     * @throws Unusable if the bytes are not a decodable image or too large
     */
    public static byte[] pixels(byte[] bytes, int size, long maxSourcePixels) throws Unusable {
        ImageDecoder.Decoded image;
        try {
            image = ImageDecoder.decode(bytes, maxSourcePixels);
        } catch (ImageDecoder.Failure f) {
            throw new Unusable(f.reason().key(), f.getMessage());
        }
        return CentreCropResize.apply(image.rgb(), image.width(), image.height(), size);
    }
}
