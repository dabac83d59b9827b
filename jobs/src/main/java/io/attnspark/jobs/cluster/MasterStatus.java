package io.attnspark.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a Spark standalone master says about itself on {@code http://127.0.0.1:WEBUI/json}: its URL, its
 * status and its registered workers.
 *
 * @param url             the master URL as the master reports it ({@code spark://127.0.0.1:PORT})
 * @param status          {@code ALIVE} once it accepts workers and applications
 * @param aliveWorkerPorts RPC ports of the workers in state {@code ALIVE}
 */
public record MasterStatus(String url, String status, List<Integer> aliveWorkerPorts) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int TIMEOUT_MILLIS = 2_000;

    public MasterStatus {
        aliveWorkerPorts = List.copyOf(aliveWorkerPorts);
    }

    /** The master's answer on {@code webUiPort}; empty if it does not answer (yet) or answers nonsense. */
    public static Optional<MasterStatus> fetch(int webUiPort) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) new URL("http://127.0.0.1:" + webUiPort + "/json").openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            if (connection.getResponseCode() != HttpURLConnection.HTTP_OK) {
                return Optional.empty();
            }
            try (InputStream in = connection.getInputStream()) {
                return Optional.of(parse(MAPPER.readTree(in)));
            }
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** Reads the master's JSON ({@code url}, {@code status}, {@code workers[].port}, {@code workers[].state}). */
    static MasterStatus parse(JsonNode json) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode worker : json.path("workers")) {
            if ("ALIVE".equals(worker.path("state").asText())) {
                ports.add(worker.path("port").asInt());
            }
        }
        return new MasterStatus(json.path("url").asText(""), json.path("status").asText(""), ports);
    }

    /** How many of the workers listening on {@code ports} the master reports alive. */
    public long aliveAmong(List<Integer> ports) {
        return ports.stream().filter(aliveWorkerPorts::contains).count();
    }
}
