package io.attnspark.prep;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@code prep-text} is asked to do. Paths are Hadoop URIs or plain paths (file:, hdfs:, s3a: ...).
 *
 * @param srcLang   source language code, e.g. {@code de}
 * @param tgtLang   target language code, e.g. {@code en}
 * @param format    {@link Format#PARALLEL}: {@code train}, {@code valid}, {@code test} are prefixes with files
 *                  {@code PREFIX.<lang>} or {@code PREFIX.<lang>.gz}; {@link Format#TSV}: they are TSV files
 *                  with {@code source<TAB>target} lines
 * @param train     training input (required)
 * @param valid     validation input, or {@code null} to carve valid from train by a hash of each pair
 *                  ({@code data.split.valid-fraction})
 * @param test      test input, or {@code null} to carve test from train ({@code data.split.test-fraction})
 * @param outDir    output directory (must not exist unless {@code overwrite})
 * @param overwrite replace an existing {@code outDir} once the new output is complete
 * @param config    the {@code data} settings and seed
 */
public record TextPrepRequest(String srcLang, String tgtLang, Format format, String train, String valid, String test,
                              String outDir, boolean overwrite, PrepConfig config) {

    /** How the inputs are laid out. */
    public enum Format { PARALLEL, TSV }

    private static final Pattern LANG = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public TextPrepRequest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(config, "config");
        for (String lang : new String[]{srcLang, tgtLang}) {
            if (lang == null || !LANG.matcher(lang).matches()) {
                throw new IllegalArgumentException("language code '" + lang + "' must be 1-32 letters, digits, '_' or '-'");
            }
        }
        if (srcLang.equals(tgtLang)) {
            throw new IllegalArgumentException("source and target language are both '" + srcLang + "'");
        }
        if (train == null || train.isBlank()) {
            throw new IllegalArgumentException("a training input is required");
        }
        if (outDir == null || outDir.isBlank()) {
            throw new IllegalArgumentException("an output directory is required");
        }
    }

    /** Parallel text files {@code PREFIX.<lang>[.gz]}; {@code valid} and {@code test} may be null. */
    public static TextPrepRequest parallel(String srcLang, String tgtLang, String trainPrefix, String validPrefix,
                                           String testPrefix, String outDir, boolean overwrite, PrepConfig config) {
        return new TextPrepRequest(srcLang, tgtLang, Format.PARALLEL, trainPrefix, validPrefix, testPrefix, outDir,
                overwrite, config);
    }

    /** TSV files with {@code source<TAB>target} lines; {@code valid} and {@code test} may be null. */
    public static TextPrepRequest tsv(String srcLang, String tgtLang, String trainTsv, String validTsv, String testTsv,
                                      String outDir, boolean overwrite, PrepConfig config) {
        return new TextPrepRequest(srcLang, tgtLang, Format.TSV, trainTsv, validTsv, testTsv, outDir, overwrite, config);
    }

    /** The input given for {@code split}, or null. */
    public String input(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALID -> valid;
            case TEST -> test;
        };
    }
}
