package io.attnspark.jobs.score;

import io.attnspark.prep.JavaSerialized;
import io.attnspark.text.TextPipeline;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What every executor needs of a model, broadcast once per job: the graph's bytes (DL4J's zip, without
 * updater state) and the text pipelines. Executors turn the bytes into graphs through {@link ModelCache},
 * once per concurrent task slot and JVM, not once per task. A plain class (Kryo serializes broadcasts); the
 * pipelines travel as {@link JavaSerialized} and are rebuilt once per JVM.
 */
public final class ModelPayload implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final byte[] graph;
    private final JavaSerialized<TextPipeline> source;
    private final JavaSerialized<TextPipeline> target;

    /**
     * @param key    identifies the graph bytes (their SHA-256): the {@link ModelCache} key
     * @param graph  the graph as {@code ModelSerializer.writeModel(graph, out, false)} writes it
     * @param source the source-side text pipeline of the model directory
     * @param target the target-side text pipeline
     */
    public ModelPayload(String key, byte[] graph, TextPipeline source, TextPipeline target) {
        this.key = key;
        this.graph = graph;
        this.source = JavaSerialized.of(source);
        this.target = JavaSerialized.of(target);
    }

    /** The payload of {@code graph} (serialized without updater state) with its text pipelines. */
    public static ModelPayload of(ComputationGraph graph, TextPipeline source, TextPipeline target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, false);
        byte[] zip = bytes.toByteArray();
        try {
            return new ModelPayload(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip)), zip,
                    source, target);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    public String key() {
        return key;
    }

    /** The graph's bytes (the array itself: do not modify). */
    byte[] graphBytes() {
        return graph;
    }

    public TextPipeline source() {
        return source.get();
    }

    public TextPipeline target() {
        return target.get();
    }
}
