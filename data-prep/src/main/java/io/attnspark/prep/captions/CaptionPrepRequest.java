package io.attnspark.prep.captions;

import io.attnspark.prep.Split;

import java.util.Objects;

/**
 * What {@code prep-captions} is asked to do. Paths are Hadoop URIs or plain paths (file:, hdfs:, s3a: ...).
 *
 * @param images    directory the image names of the caption file are relative to
 * @param captions  caption file (Flickr8k token lines, CSV or COCO JSON; see {@link CaptionFormat})
 * @param trainList file of training image names, one a line, or {@code null}: then every image in no other list
 *                  is a training image
 * @param validList file of validation image names, or {@code null}
 * @param testList  file of test image names, or {@code null}
 * @param outDir    output directory (must not exist unless {@code overwrite})
 * @param overwrite replace an existing {@code outDir} once the new output is complete
 * @param seed      root {@code seed}: mixed into the hash that carves valid and test when they have no list
 * @param config    the {@code captions} section
 */
public record CaptionPrepRequest(String images, String captions, String trainList, String validList, String testList,
                                 String outDir, boolean overwrite, long seed, CaptionsConfig config) {
    public CaptionPrepRequest {
        Objects.requireNonNull(config, "config");
        if (images == null || images.isBlank()) {
            throw new IllegalArgumentException("an image directory is required");
        }
        if (captions == null || captions.isBlank()) {
            throw new IllegalArgumentException("a caption file is required");
        }
        if (outDir == null || outDir.isBlank()) {
            throw new IllegalArgumentException("an output directory is required");
        }
    }

    /** The list file given for {@code split}, or null. */
    public String list(Split split) {
        return switch (split) {
            case TRAIN -> trainList;
            case VALID -> validList;
            case TEST -> testList;
        };
    }
}
