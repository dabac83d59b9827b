package io.attnspark.jobs.cli;

import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.prep.PrepCaptionsJob;
import io.attnspark.jobs.prep.PrepCaptionsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Command(name = "prep-captions", mixinStandardHelpOptions = true,
        header = "Prepare captioned images as Parquet shards.", sortOptions = false,
        description = "Turns a captioned image collection into Parquet shards on Spark: decodes every image in "
                + "Spark tasks, centre-crops and resizes it to captions.image-size pixels, normalises and tokenizes "
                + "the captions, learns the caption vocabulary on the training images and writes train/valid/test "
                + "shards (one row per image: RGB pixels, captions and their ids) with a manifest. Missing, "
                + "unreadable or corrupt images, names that leave the image directory and malformed or empty "
                + "captions are counted per reason and skipped. With --train-list the lists define the splits and "
                + "images in no list are skipped; without it, images in no list are training images, minus the "
                + "fractions captions.split.* moves to valid and test when those have no list.")
public final class PrepCaptionsCommand extends AttnsparkCommand {
    @Option(names = "--images", paramLabel = "DIR", required = true,
            description = "Directory the image names are relative to (JPEG, PNG).")
    String images;

    @Option(names = "--captions", paramLabel = "FILE", required = true,
            description = "Caption file: Flickr8k token lines (IMAGE#N<TAB>caption), a CSV with image and caption "
                    + "columns, or COCO captions JSON.")
    String captions;

    @Option(names = "--train-list", paramLabel = "FILE", description = "Image names of the training split, one a line.")
    String trainList;

    @Option(names = "--valid-list", paramLabel = "FILE", description = "Image names of the validation split, one a line.")
    String validList;

    @Option(names = "--test-list", paramLabel = "FILE", description = "Image names of the test split, one a line.")
    String testList;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Caption file format: auto, flickr8k, csv or coco (sets captions.format; default: from the config).")
    String format;

    @Option(names = "--image-size", paramLabel = "PIXELS",
            description = "Side of the square output images (sets captions.image-size; default: from the config).")
    Integer imageSize;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Prepared-data directory to write.")
    String out;

    @Override
    protected List<String> configOverrides() {
        List<String> keys = new ArrayList<>();
        if (format != null) {
            keys.add("captions.format=\"" + format.replace("\"", "") + "\"");
        }
        if (imageSize != null) {
            keys.add("captions.image-size=" + imageSize);
        }
        return keys;
    }

    @Override
    protected void run(JobContext context) {
        OutputPaths.requireExisting(images, "image directory");
        OutputPaths.requireExisting(captions, "captions file");
        String[][] lists = {{trainList, "train list"}, {validList, "valid list"}, {testList, "test list"}};
        for (String[] list : lists) {
            if (list[0] != null) {
                OutputPaths.requireExisting(list[0], list[1]);
            }
        }
        PrepCaptionsJob.run(new PrepCaptionsRequest(context, images, captions, Optional.ofNullable(trainList),
                Optional.ofNullable(validList), Optional.ofNullable(testList), claimReplaceableOutput(out)));
    }
}
