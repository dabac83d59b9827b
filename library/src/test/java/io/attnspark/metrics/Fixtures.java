package io.attnspark.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The BLEU/chrF golden cases of {@code fixtures.json}, next to this test as a resource; expected
 * figures computed with sacreBLEU 2.6.0 by {@code make_fixtures.py} beside it.
 */
final class Fixtures {
    static final List<Case> CASES = load();

    private Fixtures() {
    }

    /** One fixture: the inputs and sacreBLEU's figures. */
    record Case(String name, List<String> hypotheses, List<List<String>> references, JsonNode bleu, JsonNode chrf,
                JsonNode sentences) {
        @Override
        public String toString() {
            return name;
        }

        List<String> referencesOf(int i) {
            List<String> refs = new ArrayList<>();
            for (List<String> stream : references) {
                refs.add(stream.get(i));
            }
            return refs;
        }
    }

    private static List<Case> load() {
        try (InputStream in = Fixtures.class.getResourceAsStream("fixtures.json")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource io/attnspark/metrics/fixtures.json");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                List<String> hyps = new ArrayList<>();
                c.get("hypotheses").forEach(h -> hyps.add(h.asText()));
                List<List<String>> refs = new ArrayList<>();
                for (JsonNode stream : c.get("references")) {
                    List<String> s = new ArrayList<>();
                    stream.forEach(r -> s.add(r.isNull() ? null : r.asText()));
                    refs.add(s);
                }
                cases.add(new Case(c.get("name").asText(), hyps, refs, c.get("bleu"), c.get("chrf"), c.get("sentences")));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
