package io.attnspark.decode;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

/**
 * Decoding settings (the {@code decode} section). Immutable; defaults live only in
 * {@code conf/defaults.conf}.
 *
 * @param beam            hypotheses kept per sentence; 1 = greedy
 * @param lengthPenalty   GNMT alpha: scores are log P / ((5 + length) / 6)^alpha (0 = none)
 * @param maxLengthRatio  longest output = ratio x source length + offset tokens (before EOS)
 * @param maxLengthOffset see maxLengthRatio
 * @param batchSize       sentences decoded together
 */
public record DecodeConfig(int beam, double lengthPenalty, double maxLengthRatio, int maxLengthOffset, int batchSize) {

    public DecodeConfig {
        if (beam < 1) {
            throw new ConfigError("decode.beam", "decode.beam=" + beam + " must be at least 1 (1 = greedy)");
        }
        if (!(lengthPenalty >= 0)) {
            throw new ConfigError("decode.length-penalty", "decode.length-penalty=" + lengthPenalty + " must be >= 0");
        }
        if (!(maxLengthRatio >= 0)) {
            throw new ConfigError("decode.max-length-ratio", "decode.max-length-ratio=" + maxLengthRatio + " must be >= 0");
        }
        if (maxLengthOffset < 0 || (maxLengthRatio == 0 && maxLengthOffset == 0)) {
            throw new ConfigError("decode.max-length-offset", "decode.max-length-offset=" + maxLengthOffset
                    + " must be >= 0, and > 0 when decode.max-length-ratio is 0");
        }
        if (batchSize < 1) {
            throw new ConfigError("decode.batch-size", "decode.batch-size=" + batchSize + " must be at least 1");
        }
    }

    /** Reads the {@code decode} section, refusing unknown keys. */
    public static DecodeConfig fromConfig(ConfigSection s) {
        int beam = s.getInt("beam", 1, 1000);
        double lp = s.getDouble("length-penalty", 0.0, 10.0);
        double ratio = s.getDouble("max-length-ratio", 0.0, 1000.0);
        int offset = s.getInt("max-length-offset", 0, 100_000);
        int batch = s.getInt("batch-size", 1, 1 << 20);
        s.rejectUnknownKeys();
        return new DecodeConfig(beam, lp, ratio, offset, batch);
    }

    /** Most tokens (before EOS) an output of a source of {@code sourceLength} tokens may have. */
    public int maxLength(int sourceLength) {
        return Math.max(1, (int) Math.floor(maxLengthRatio * sourceLength) + maxLengthOffset);
    }

    /** GNMT length normalisation ((5 + length) / 6)^alpha of an output of {@code length} tokens (EOS counted). */
    public double lengthNorm(int length) {
        return lengthPenalty == 0 ? 1.0 : Math.pow((5.0 + length) / 6.0, lengthPenalty);
    }

    /** A copy with another beam size. */
    public DecodeConfig withBeam(int b) {
        return new DecodeConfig(b, lengthPenalty, maxLengthRatio, maxLengthOffset, batchSize);
    }

    /** A copy with another batch size. */
    public DecodeConfig withBatchSize(int n) {
        return new DecodeConfig(beam, lengthPenalty, maxLengthRatio, maxLengthOffset, n);
    }
}
