package io.attnspark.prep.input;

import java.io.Serializable;

/** What the readers apply to each side of a pair before it leaves them (the text normaliser in prep). */
@FunctionalInterface
public interface LineNormalizer extends Serializable {
    String normalize(String line);
}
