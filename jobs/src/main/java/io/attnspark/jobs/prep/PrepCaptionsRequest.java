package io.attnspark.jobs.prep;

import io.attnspark.jobs.cli.JobContext;
import org.apache.hadoop.fs.Path;

import java.util.Optional;

/**
 * What {@code attnspark prep-captions} asks for.
 *
 * @param context   configuration ({@code seed}, {@code captions} section), --master and --verbose
 * @param images    the image directory (exists)
 * @param captions  the caption file (exists)
 * @param trainList training image names, one a line; without it, every image in no other list is a training image
 * @param validList validation image names; without it (and without a train list) valid is carved by hash
 * @param testList  test image names; likewise
 * @param out       the prepared-data directory (may exist with --overwrite: replaced once the new output is
 *                  complete); the job writes its splits, vocabulary, manifest and resolved.conf into it
 */
public record PrepCaptionsRequest(JobContext context, String images, String captions, Optional<String> trainList,
                                  Optional<String> validList, Optional<String> testList, Path out) {
}
