package io.attnspark.jobs.cli;

import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.prep.PrepTextJob;
import io.attnspark.jobs.prep.PrepTextRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.regex.Pattern;

@Command(name = "prep-text", mixinStandardHelpOptions = true,
        header = "Prepare a parallel text corpus as Parquet shards.", sortOptions = false,
        description = "Turns a parallel corpus into versioned Parquet shards on Spark: normalises and tokenizes "
                + "both sides, learns the vocabulary (and BPE codes) on the training split, filters and "
                + "deduplicates pairs, buckets them by length and writes train/valid/test shards with a "
                + "manifest. The corpus is either file pairs PREFIX.SRC/PREFIX.TGT (--train, and optionally "
                + "--valid and --test) or one TSV of source<TAB>target lines (--tsv); splits not given are cut "
                + "from the training data by data.split.*.")
public final class PrepTextCommand extends AttnsparkCommand {
    private static final Pattern LANG = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,15}");

    @Option(names = "--source-lang", paramLabel = "LANG", required = true,
            description = "Source language code, the suffix of source files (e.g. de).")
    private String sourceLang;

    @Option(names = "--target-lang", paramLabel = "LANG", required = true,
            description = "Target language code, the suffix of target files (e.g. en).")
    private String targetLang;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Corpus corpus;

    static final class Corpus {
        @Option(names = "--train", paramLabel = "PREFIX", required = true,
                description = "Training pair PREFIX.SRC and PREFIX.TGT, one sentence a line.")
        String train;

        @Option(names = "--tsv", paramLabel = "FILE", required = true,
                description = "Tab-separated corpus, one source<TAB>target pair a line.")
        String tsv;
    }

    @Option(names = "--valid", paramLabel = "PREFIX", description = "Validation pair (with --train).")
    private String valid;

    @Option(names = "--test", paramLabel = "PREFIX", description = "Test pair (with --train).")
    private String test;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Prepared-data directory to write.")
    private String out;

    @Override
    protected void checkOptions() {
        for (String lang : new String[] {sourceLang, targetLang}) {
            if (!LANG.matcher(lang).matches()) {
                throw usage("Invalid language code '" + lang + "': letters, digits, '-' and '_', at most 16");
            }
        }
        if (sourceLang.equals(targetLang)) {
            throw usage("--source-lang and --target-lang are both '" + sourceLang + "'");
        }
        if (corpus.tsv != null && (valid != null || test != null)) {
            throw usage("--valid and --test go with --train; with --tsv the splits come from data.split.*");
        }
    }

    @Override
    protected void run(JobContext context) throws Exception {
        for (String prefix : new String[] {corpus.train, valid, test}) {
            if (prefix != null) {
                requireSide(prefix, sourceLang, "source");
                requireSide(prefix, targetLang, "target");
            }
        }
        if (corpus.tsv != null) {
            OutputPaths.requireExisting(corpus.tsv, "corpus");
        }
        PrepTextJob.run(new PrepTextRequest(context, sourceLang, targetLang, Optional.ofNullable(corpus.train),
                Optional.ofNullable(valid), Optional.ofNullable(test), Optional.ofNullable(corpus.tsv),
                claimReplaceableOutput(out)));
    }

    /** PREFIX.lang or PREFIX.lang.gz must exist (fairseq's convention; the job refuses both at once). */
    private static void requireSide(String prefix, String lang, String side) {
        String plain = prefix + "." + lang;
        if (!OutputPaths.exists(plain) && !OutputPaths.exists(plain + ".gz")) {
            throw new CommandFailure(side + " file " + plain + " does not exist (nor " + plain + ".gz)");
        }
    }
}
