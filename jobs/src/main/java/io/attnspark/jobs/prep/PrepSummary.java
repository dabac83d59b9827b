package io.attnspark.jobs.prep;

import io.attnspark.prep.output.PrepManifest;

import java.util.Locale;
import java.util.Map;

/** A few human-readable lines about what prep did: pairs in and out per split and per filter reason. */
final class PrepSummary {
    private PrepSummary() {
    }

    static String of(PrepManifest m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, PrepManifest.SplitCounts> e : m.splits().entrySet()) {
            PrepManifest.SplitCounts c = e.getValue();
            sb.append(String.format(Locale.ROOT, "prep-text: %-5s %,d pairs in, %,d out", e.getKey(), c.in(), c.out()));
            c.filtered().forEach((reason, n) -> {
                if (n > 0) {
                    sb.append(String.format(Locale.ROOT, ", %,d %s", n, reason));
                }
            });
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "prep-text: vocabulary %s, source %,d, target %,d entries",
                m.vocab().type(), m.vocab().src().size(), m.vocab().tgt().size()));
        return sb.toString();
    }
}
