package io.attnspark.prep.captions;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;

import scala.collection.Seq;

import java.util.ArrayList;

/** A Parquet row of schema version 1 as a {@link CaptionedImage}. */
final class ToCaptionedImageFn implements Function<Row, CaptionedImage> {
    private static final long serialVersionUID = 1L;

    @Override
    public CaptionedImage call(Row r) {
        Seq<Seq<Object>> ids = r.getSeq(r.fieldIndex(CaptionsSchema.CAPTION_IDS));
        int[][] captionIds = new int[ids.length()][];
        for (int i = 0; i < captionIds.length; i++) {
            Seq<Object> one = ids.apply(i);
            captionIds[i] = new int[one.length()];
            for (int k = 0; k < captionIds[i].length; k++) {
                captionIds[i][k] = (Integer) one.apply(k);
            }
        }
        return new CaptionedImage(r.getString(r.fieldIndex(CaptionsSchema.IMAGE)),
                r.getInt(r.fieldIndex(CaptionsSchema.HEIGHT)), r.getInt(r.fieldIndex(CaptionsSchema.WIDTH)),
                r.getInt(r.fieldIndex(CaptionsSchema.CHANNELS)), (byte[]) r.get(r.fieldIndex(CaptionsSchema.PIXELS)),
                new ArrayList<>(r.<String>getList(r.fieldIndex(CaptionsSchema.CAPTIONS))), captionIds);
    }
}
