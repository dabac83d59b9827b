package io.attnspark.prep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the code that ran: the Maven project version and, when the build ran inside a git checkout,
 * {@code git describe --always --dirty --abbrev=40} (a commit id, with {@code -dirty} if the tree had changes).
 *
 * @param version   Maven project version
 * @param gitCommit commit id, or {@code null} if unknown
 */
public record CodeVersion(String version, String gitCommit) {
    private static final String RESOURCE = "attnspark/build-info.properties";

    /** The version recorded in this build's {@code attnspark/build-info.properties}. */
    public static CodeVersion current() {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath; the build is broken");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String commit = p.getProperty("git.commit", "");
        return new CodeVersion(p.getProperty("version"), commit.isBlank() || commit.startsWith("${") ? null : commit.trim());
    }
}
