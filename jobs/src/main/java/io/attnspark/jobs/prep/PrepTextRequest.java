package io.attnspark.jobs.prep;

import io.attnspark.jobs.cli.JobContext;
import org.apache.hadoop.fs.Path;

import java.util.Optional;

/**
 * What {@code attnspark prep-text} asks for. The corpus comes either as Moses-style file pairs
 * ({@code PREFIX.SRC} and {@code PREFIX.TGT}, one sentence a line; {@code train} given, and optionally
 * {@code valid} and {@code test}) or as one tab-separated file of {@code source<TAB>target} lines
 * ({@code tsv} given). Without valid/test prefixes the splits are cut by {@code data.split.*}.
 *
 * @param context    configuration (data section), --master and --verbose
 * @param sourceLang source language code, the file suffix of the source side
 * @param targetLang target language code, different from the source's
 * @param train      prefix of the training pair (its two files exist), or empty when {@code tsv} is given
 * @param valid      prefix of the validation pair (only with {@code train})
 * @param test       prefix of the test pair (only with {@code train})
 * @param tsv        the tab-separated corpus (exists), or empty when {@code train} is given
 * @param out        the prepared-data directory (may exist with --overwrite: replaced once the new output is
 *                   complete); the job writes its splits, vocabulary, manifest and resolved.conf into it
 */
public record PrepTextRequest(JobContext context, String sourceLang, String targetLang, Optional<String> train,
                              Optional<String> valid, Optional<String> test, Optional<String> tsv, Path out) {

    /** The source-side file of a Moses-style pair. */
    public String sourceFile(String prefix) {
        return prefix + "." + sourceLang;
    }

    /** The target-side file of a Moses-style pair. */
    public String targetFile(String prefix) {
        return prefix + "." + targetLang;
    }
}
