package io.attnspark.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prep-captions", mixinStandardHelpOptions = true,
        header = "Prepare captioned images as Parquet shards (not available yet).", sortOptions = false,
        description = "Turns a captioned image collection into Parquet shards on Spark: decodes and resizes the "
                + "images, tokenizes the captions, learns the caption vocabulary on the training split and "
                + "writes train/valid/test shards (image tensor, captions) with a manifest. Images not listed "
                + "in --valid or --test are training images, minus the fractions data.split.* cuts off when "
                + "those lists are not given. (Not available yet.)")
public final class PrepCaptionsCommand extends AttnsparkCommand {
    @Option(names = "--images", paramLabel = "DIR", required = true, description = "Directory of image files (JPEG, PNG).")
    String images;

    @Option(names = "--captions", paramLabel = "FILE", required = true,
            description = "TSV of image-file<TAB>caption lines; an image may have several captions.")
    String captions;

    @Option(names = "--valid", paramLabel = "FILE", description = "Image files of the validation split, one a line.")
    String valid;

    @Option(names = "--test", paramLabel = "FILE", description = "Image files of the test split, one a line.")
    String test;

    @Option(names = "--image-size", paramLabel = "PIXELS", defaultValue = "64",
            description = "Images are resized to PIXELS x PIXELS (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Prepared-data directory to write.")
    String out;

    @Override
    protected void checkOptions() {
        if (imageSize < 8 || imageSize > 1024) {
            throw usage("Invalid value for option '--image-size': " + imageSize + " (must be in [8, 1024])");
        }
    }

    @Override
    protected void run(JobContext context) {
        throw CommandFailure.notAvailableYet();
    }
}
