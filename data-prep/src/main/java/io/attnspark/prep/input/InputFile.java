package io.attnspark.prep.input;

/**
 * One resolved input file.
 *
 * @param path  fully qualified Hadoop path (file:, hdfs:, s3a: ...)
 * @param bytes size on the file system (compressed size for {@code .gz})
 */
public record InputFile(String path, long bytes) {
}
