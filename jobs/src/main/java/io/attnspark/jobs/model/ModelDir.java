package io.attnspark.jobs.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.captions.PreparedCaptions;
import io.attnspark.prep.output.PrepManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trained model's directory on any Hadoop file system, everything scoring needs and where it came from:
 * <pre>
 *   model.zip       the DL4J graph with its updater state (replaced after every epoch, never half-written)
 *   model.json      provenance: format version, model type, code version, data, vocabularies, epoch, metrics
 *   metrics.jsonl   one JSON line per epoch
 *   resolved.conf   the configuration the run used
 *   text/           prep's manifest.json with its vocabulary and BPE files: the exact text pipelines
 *   epochs/         epoch-N.zip: the graphs of the last train.keep-epochs epochs, without updater state
 * </pre>
 */
public final class ModelDir {
    public static final int FORMAT_VERSION = 1;
    public static final String MODEL = "model.zip";
    /** The epoch with the best validation loss so far (without updater state): what score decodes with. */
    public static final String BEST = "best.zip";
    public static final String PROVENANCE = "model.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String CONFIG = "resolved.conf";
    public static final String REPORT = "report.html";
    public static final String TEXT = "text";
    public static final String EPOCHS = "epochs";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d+)\\.zip");

    private final Path dir;
    private final Configuration hadoop;
    private final FileSystem fs;

    public ModelDir(Path dir, Configuration hadoop) throws IOException {
        this.fs = dir.getFileSystem(hadoop);
        fs.setWriteChecksum(false);
        this.dir = fs.makeQualified(dir);
        this.hadoop = hadoop;
    }

    public Path dir() {
        return dir;
    }

    /** Copies the prepared corpus's manifest, vocabularies and BPE codes into {@code text/}. */
    public void copyText(Path preparedDir) throws IOException {
        FileSystem source = preparedDir.getFileSystem(hadoop);
        Path text = new Path(dir, TEXT);
        fs.mkdirs(text);
        for (FileStatus f : source.listStatus(preparedDir)) {
            String name = f.getPath().getName();
            if (f.isFile() && !name.startsWith(".") && !name.startsWith("_") && !name.equals(CONFIG)) {
                FileUtil.copy(source, f.getPath(), fs, new Path(text, name), false, true, hadoop);
            }
        }
        if (!fs.exists(new Path(text, PrepManifest.FILE))) {
            throw new IOException(preparedDir + " has no " + PrepManifest.FILE + ": is it the output of prep-text?");
        }
    }

    /** Writes the graph (with updater state) beside {@code model.zip}, then moves it into place. */
    public void saveModel(ComputationGraph graph) throws IOException {
        replace(MODEL, out -> ModelSerializer.writeModel(graph, out, true));
    }

    /** Writes the graph without updater state to {@code best.zip}, atomically like {@link #saveModel}. */
    public void saveBest(ComputationGraph graph) throws IOException {
        replace(BEST, out -> ModelSerializer.writeModel(graph, out, false));
    }

    /**
     * Writes epoch {@code epoch}'s graph (without updater state) to {@code epochs/epoch-EPOCH.zip}, then deletes the
     * kept epochs older than the last {@code keep}.
     */
    public void saveEpoch(ComputationGraph graph, int epoch, int keep) throws IOException {
        fs.mkdirs(new Path(dir, EPOCHS));
        replace(EPOCHS + "/" + epochFileName(epoch), out -> ModelSerializer.writeModel(graph, out, false));
        List<Integer> kept = keptEpochs();
        for (int i = 0; i < kept.size() - keep; i++) {
            fs.delete(epochFile(kept.get(i)), false);
        }
    }

    /** The epochs whose graphs {@code epochs/} holds, ascending. */
    public List<Integer> keptEpochs() throws IOException {
        Path d = new Path(dir, EPOCHS);
        List<Integer> epochs = new ArrayList<>();
        if (!fs.exists(d)) {
            return epochs;
        }
        for (FileStatus f : fs.listStatus(d)) {
            Matcher m = EPOCH_FILE.matcher(f.getPath().getName());
            if (f.isFile() && m.matches()) {
                epochs.add(Integer.parseInt(m.group(1)));
            }
        }
        Collections.sort(epochs);
        return epochs;
    }

    /** {@code epochs/epoch-EPOCH.zip}. */
    public Path epochFile(int epoch) {
        return new Path(new Path(dir, EPOCHS), epochFileName(epoch));
    }

    private static String epochFileName(int epoch) {
        return "epoch-" + epoch + ".zip";
    }

    /** Loads a graph file ({@code model.zip}, {@code best.zip} or a kept epoch) without updater state. */
    public static ComputationGraph loadGraph(Path file, Configuration hadoop) throws IOException {
        try (InputStream in = file.getFileSystem(hadoop).open(file)) {
            return ModelSerializer.restoreComputationGraph(in, false);
        }
    }

    /**
     * The graph to decode with: {@code best.zip} (the best epoch by {@code train.select-by}) when there is one,
     * else the last checkpoint {@code model.zip}.
     */
    public ComputationGraph loadForDecoding() throws IOException {
        Path best = new Path(dir, BEST);
        return fs.exists(best) ? loadGraph(best, hadoop) : loadModel();
    }

    /**
     * Copies what describes how {@code source}'s model was trained into this directory: {@code text/},
     * {@code resolved.conf} and {@code metrics.jsonl} (those it has).
     */
    public void copyTrainingRecord(ModelDir source) throws IOException {
        fs.mkdirs(dir);
        for (String name : List.of(TEXT, CONFIG, METRICS)) {
            Path from = new Path(source.dir, name);
            if (source.fs.exists(from)) {
                FileUtil.copy(source.fs, from, fs, new Path(dir, name), false, true, hadoop);
            }
        }
    }

    /** {@code model.json} as written by train (empty when there is none). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> provenance() throws IOException {
        Path f = new Path(dir, PROVENANCE);
        if (!fs.exists(f)) {
            return Map.of();
        }
        try (InputStream in = fs.open(f)) {
            return JSON.readValue(in, Map.class);
        }
    }

    /** Writes {@code report.html} atomically. */
    public void writeReport(String html) throws IOException {
        replace(REPORT, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes {@code model.json} the same way. */
    public void saveProvenance(Map<String, Object> provenance) throws IOException {
        replace(PROVENANCE, out -> out.write(JSON.writeValueAsBytes(provenance)));
    }

    /** Appends one line to {@code metrics.jsonl} (rewriting it: object stores cannot append). */
    public void appendMetrics(Map<String, Object> line) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Path f = new Path(dir, METRICS);
        if (fs.exists(f)) {
            try (InputStream in = fs.open(f)) {
                in.transferTo(all);
            }
        }
        all.write((JSON_LINE.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        replace(METRICS, out -> all.writeTo(out));
    }

    /** The metrics lines written so far. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> metrics() throws IOException {
        Path f = new Path(dir, METRICS);
        List<Map<String, Object>> out = new ArrayList<>();
        if (!fs.exists(f)) {
            return out;
        }
        try (InputStream in = fs.open(f)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON_LINE.readValue(line, Map.class));
                }
            }
        }
        return out;
    }

    /** Loads the graph (and its updater state). */
    public ComputationGraph loadModel() throws IOException {
        Path f = new Path(dir, MODEL);
        if (!fs.exists(f)) {
            throw new IOException(dir + " holds no " + MODEL + ": is it a model directory written by train?");
        }
        try (InputStream in = fs.open(f)) {
            return ModelSerializer.restoreComputationGraph(in, true);
        }
    }

    /** The text pipelines and vocabularies the model was trained with, checked against their hashes. */
    public PreparedCorpus text() {
        return PreparedCorpus.open(new Path(dir, TEXT).toString(), hadoop);
    }

    /** A captioner's text pipeline, vocabulary and image settings (its {@code text/}), checked against their hashes. */
    public PreparedCaptions captions() {
        return PreparedCaptions.open(new Path(dir, TEXT).toString(), hadoop);
    }

    /** The configuration the model was trained with. */
    public AttnsparkConfig config() throws IOException {
        try (InputStream in = fs.open(new Path(dir, CONFIG))) {
            return AttnsparkConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    new Path(dir, CONFIG).toString());
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code name} completely under a temporary name, then renames it over the old one. */
    private void replace(String name, Writer writer) throws IOException {
        Path target = new Path(dir, name);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            writer.write(out);
        }
        if (fs.exists(target) && !fs.delete(target, false)) {
            throw new IOException("cannot replace " + target);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot move " + tmp + " to " + target);
        }
    }
}
