package io.attnspark.config;

/** A configuration problem; the message is one line naming the key, the value and what is allowed. */
public final class ConfigError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigError(String key, String message) {
        super(message);
        this.key = key;
    }

    public ConfigError(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The full dotted key the problem is about. */
    public String key() {
        return key;
    }
}
