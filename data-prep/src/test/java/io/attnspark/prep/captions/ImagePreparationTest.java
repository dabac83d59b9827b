package io.attnspark.prep.captions;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ImagePreparation gives scoring exactly prep-captions' pixels, and its reasons for refusing an image. */
class ImagePreparationTest {
    @Test
    void thePixelsArePrepCaptionsPixels() throws Exception {
        byte[] png = ImagePixelsTest.encode(ImagePixelsTest.bandedLandscape(90, 60), "png");
        ImageDecoder.Decoded d = ImageDecoder.decode(png, 1_000_000);
        assertArrayEquals(CentreCropResize.apply(d.rgb(), d.width(), d.height(), 24),
                ImagePreparation.pixels(png, 24, 1_000_000));
    }

    @Test
    void corruptAndTooLargeImagesAreRefusedWithTheirReason() throws Exception {
        ImagePreparation.Unusable corrupt = assertThrows(ImagePreparation.Unusable.class,
                () -> ImagePreparation.pixels(new byte[] {1, 2, 3, 4}, 24, 1_000_000));
        assertEquals("corrupt", corrupt.reason());
        assertTrue(corrupt.getMessage().startsWith("corrupt: "), corrupt.getMessage());
        byte[] png = ImagePixelsTest.encode(ImagePixelsTest.bandedLandscape(90, 60), "png");
        ImagePreparation.Unusable large = assertThrows(ImagePreparation.Unusable.class,
                () -> ImagePreparation.pixels(png, 24, 1000));
        assertEquals("too-large", large.reason());
    }
}
