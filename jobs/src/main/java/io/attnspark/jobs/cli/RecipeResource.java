package io.attnspark.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a recipe shipped inside the jar (conf/ is packaged under {@code attnspark/conf/}). */
final class RecipeResource {
    private RecipeResource() {
    }

    static String read(String resource) {
        try (InputStream in = RecipeResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the recipe " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
