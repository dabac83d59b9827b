package io.attnspark.jobs.cli;

import io.attnspark.jobs.quickstart.Quickstart;
import io.attnspark.jobs.quickstart.QuickstartRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        header = "Run the whole pipeline on a small synthetic task (the place to start).", sortOptions = false,
        description = "Runs the whole pipeline on a small synthetic task, end to end on local Spark: makes a corpus, "
                + "prepares it, trains a small attention model, decodes the test split and reports the score. "
                + "Everything goes under --out; the run takes minutes on a laptop and shows what a real run "
                + "produces (prepared data, model, translations, scores, resolved.conf).")
public final class QuickstartCommand extends AttnsparkCommand {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "./attnspark-quickstart",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    private String out;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "text",
            description = "text (translation of a synthetic language pair) or captions (image captioning); "
                    + "default: ${DEFAULT-VALUE}.")
    private QuickstartRequest.Task task;

    @Override
    protected java.util.Optional<String> defaultRecipe() {
        return java.util.Optional.of(task == QuickstartRequest.Task.CAPTIONS
                ? "attnspark/conf/recipes/quickstart-captions.conf" : "attnspark/conf/recipes/quickstart.conf");
    }

    @Override
    protected void run(JobContext context) throws Exception {
        Quickstart.run(new QuickstartRequest(context, task, prepareOutputDirectory(out, context)));
    }
}
