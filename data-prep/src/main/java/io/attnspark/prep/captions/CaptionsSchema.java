package io.attnspark.prep.captions;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Parquet rows of prepared captions, schema version 1, and the working rows of the decode stage. */
public final class CaptionsSchema {
    public static final String IMAGE = "image";
    public static final String HEIGHT = "height";
    public static final String WIDTH = "width";
    public static final String CHANNELS = "channels";
    public static final String PIXELS = "pixels";
    public static final String SOURCE_HEIGHT = "source_height";
    public static final String SOURCE_WIDTH = "source_width";
    public static final String CAPTIONS = "captions";
    public static final String CAPTION_IDS = "caption_ids";
    /** Working columns, not written. */
    public static final String SPLIT = "split";
    public static final String STATUS = "status";
    public static final String DETAIL = "detail";
    public static final String FILE_BYTES = "file_bytes";
    public static final String SHA256 = "sha256";

    /**
     * Schema version 1, one row per image: {@code image} the name relative to the image directory; {@code pixels}
     * the centre-cropped, resized image as unsigned RGB bytes, row-major with interleaved channels, shape
     * {@code [height, width, channels]} ({@code height = width = captions.image-size}, {@code channels = 3});
     * {@code source_height}, {@code source_width} the size of the file's image before cropping; {@code captions}
     * the normalised captions in caption-file order; {@code caption_ids} their ids, same order, each shape
     * {@code [caption length]}, no BOS/EOS.
     */
    public static final StructType V1 = new StructType()
            .add(IMAGE, DataTypes.StringType, false)
            .add(HEIGHT, DataTypes.IntegerType, false)
            .add(WIDTH, DataTypes.IntegerType, false)
            .add(CHANNELS, DataTypes.IntegerType, false)
            .add(PIXELS, DataTypes.BinaryType, false)
            .add(SOURCE_HEIGHT, DataTypes.IntegerType, false)
            .add(SOURCE_WIDTH, DataTypes.IntegerType, false)
            .add(CAPTIONS, DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add(CAPTION_IDS, DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType, false), false), false);

    /**
     * What the decode stage emits for every image task: the split, the status (0 written, else an
     * {@link ImageSkip#code()}), a detail for skipped images, the file's size and SHA-256 (null when it could not be
     * read), and the V1 columns but {@code caption_ids} ({@code pixels} null and sizes 0 when skipped).
     */
    public static final StructType DECODED = new StructType()
            .add(SPLIT, DataTypes.IntegerType, false)
            .add(STATUS, DataTypes.IntegerType, false)
            .add(DETAIL, DataTypes.StringType, true)
            .add(FILE_BYTES, DataTypes.LongType, false)
            .add(SHA256, DataTypes.StringType, true)
            .add(IMAGE, DataTypes.StringType, false)
            .add(HEIGHT, DataTypes.IntegerType, false)
            .add(WIDTH, DataTypes.IntegerType, false)
            .add(CHANNELS, DataTypes.IntegerType, false)
            .add(PIXELS, DataTypes.BinaryType, true)
            .add(SOURCE_HEIGHT, DataTypes.IntegerType, false)
            .add(SOURCE_WIDTH, DataTypes.IntegerType, false)
            .add(CAPTIONS, DataTypes.createArrayType(DataTypes.StringType, false), false);

    private CaptionsSchema() {
    }

    /** The V1 column names in order. */
    public static String[] v1Columns() {
        return V1.fieldNames();
    }

    /** The V1 columns {@link #DECODED} carries, in V1 order ({@code caption_ids} is added by the encoder). */
    static String[] decodedV1Columns() {
        return java.util.Arrays.stream(V1.fields()).map(StructField::name).filter(n -> !n.equals(CAPTION_IDS))
                .toArray(String[]::new);
    }
}
