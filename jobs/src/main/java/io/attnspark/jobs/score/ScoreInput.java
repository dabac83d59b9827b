package io.attnspark.jobs.score;

import java.io.Serializable;

/**
 * One input record of score: a source line, its target when the input has one, or why it could not be
 * read. A plain class, not a record: Spark's Kryo 4 cannot serialize records, and these are shuffled when
 * an unsplittable (gzip) input is spread over the cores.
 */
public final class ScoreInput implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long id;
    private final String source;
    private final String target;
    private final String problem;

    /**
     * @param id      0-based line number in the input
     * @param source  the source text as read (empty when {@code problem} is set)
     * @param target  the target (reference) text as read, or {@code null} when the input has none
     * @param problem why the line cannot be scored (for example invalid UTF-8), or {@code null}
     */
    public ScoreInput(long id, String source, String target, String problem) {
        this.id = id;
        this.source = source;
        this.target = target;
        this.problem = problem;
    }

    public long id() {
        return id;
    }

    public String source() {
        return source;
    }

    /** The target text, or {@code null}. */
    public String target() {
        return target;
    }

    /** Why the line cannot be scored, or {@code null}. */
    public String problem() {
        return problem;
    }
}
