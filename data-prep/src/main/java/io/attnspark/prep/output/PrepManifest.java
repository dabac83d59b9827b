package io.attnspark.prep.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnspark.prep.CodeVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a prepared corpus: what went in, what came out, and everything needed to redo it.
 * JSON keys are snake_case.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} of the Parquet rows and of this file
 * @param createdAt     ISO-8601 instant the run finished
 * @param code          code version that wrote it
 * @param srcLang       source language code
 * @param tgtLang       target language code
 * @param inputs        every input file with size, SHA-256 and line count
 * @param splits        {@code train}, {@code valid}, {@code test}: directory and counts
 * @param vocab         the vocabulary files
 * @param bpe           the BPE codes files, or {@code null} for word vocabularies
 * @param config        the resolved configuration ({@code seed} and {@code data}), as in {@code PrepConfig.toMap()}
 * @param timingsMs     wall time of each stage, in order
 * @param sparkVersion  Spark version that ran the job
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PrepManifest(int schemaVersion, String createdAt, CodeVersion code, String srcLang, String tgtLang,
                           List<Input> inputs, Map<String, SplitCounts> splits, Vocab vocab, Bpe bpe,
                           Map<String, Object> config, Map<String, Long> timingsMs, String sparkVersion) {

    /** Version of the Parquet row schema and of this file. */
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "manifest.json";

    /**
     * One input file.
     *
     * @param split  which split it fed ({@code train} also feeds hash-carved valid/test)
     * @param side   {@code src}, {@code tgt}, or {@code both} for a TSV file
     */
    public record Input(String split, String side, String path, long bytes, String sha256, long lines) {
    }

    /**
     * Counts of one split: {@code in == out + sum(filtered)}.
     *
     * @param path     directory of the Parquet files, relative to the corpus directory
     * @param origin   {@code input} (read from its own files) or {@code hash} (carved from the train input)
     * @param in       pairs that entered the split
     * @param out      pairs written
     * @param filtered pairs dropped, by reason ({@code FilterReason#key()}), every reason present
     */
    public record SplitCounts(String path, String origin, long in, long out, Map<String, Long> filtered) {
    }

    /**
     * A vocabulary or codes file.
     *
     * @param file   file name relative to the corpus directory
     * @param size   number of entries (vocabulary) or merges (codes)
     * @param sha256 the object's own {@code sha256()} (not necessarily the hash of the file bytes)
     */
    public record Artifact(String file, int size, String sha256) {
    }

    /** The source and target vocabularies; the same file content when {@code joint}. */
    public record Vocab(String type, boolean joint, Artifact src, Artifact tgt) {
    }

    /** The source and target BPE codes; the same file when {@code joint}. */
    public record Bpe(boolean joint, Artifact src, Artifact tgt) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes this manifest as indented JSON. */
    public void write(OutputStream out) throws IOException {
        MAPPER.writeValue(out, this);
    }

    /** Reads a manifest; unknown keys (from a newer minor writer) are ignored, the schema version is checked by the reader. */
    public static PrepManifest read(InputStream in) throws IOException {
        return MAPPER.readValue(in, PrepManifest.class);
    }
}
