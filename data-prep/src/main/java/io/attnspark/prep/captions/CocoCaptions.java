package io.attnspark.prep.captions;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.prep.PrepException;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads COCO captions JSON ({@code captions_train2014.json} and the like): {@code images}, an array of objects
 * with {@code id} and {@code file_name}, and {@code annotations}, an array of objects with {@code image_id} and
 * {@code caption}; other keys are ignored. Every image is declared (so one without annotations is counted as
 * having no caption). An annotation whose {@code image_id} is not among the images, or whose caption is missing
 * or not a string, is malformed; it is named by its 1-based position ({@code annotation 7}). A file that is not
 * JSON, or lacks either array, or has an image without {@code id} / {@code file_name} or with a repeated
 * {@code id}, is an error.
 */
final class CocoCaptions {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CocoCaptions() {
    }

    static ParsedCaptions parse(String text, String path, int maxListed) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new PrepException(path + ": not valid JSON" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isObject()) {
            throw new PrepException(path + ": not COCO captions JSON (the top level is not an object)");
        }
        JsonNode images = array(root, "images", path);
        JsonNode annotations = array(root, "annotations", path);
        ParsedCaptions parsed = new ParsedCaptions(maxListed);
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            JsonNode image = images.get(i);
            JsonNode id = image.get("id");
            JsonNode file = image.get("file_name");
            if (id == null || !id.isValueNode() || file == null || !file.isTextual()) {
                throw new PrepException(path + ": images[" + i + "] lacks an id or a file_name string");
            }
            if (names.put(id.asText(), file.asText()) != null) {
                throw new PrepException(path + ": images[" + i + "] repeats id " + id.asText());
            }
            parsed.declare(file.asText());
        }
        for (int i = 0; i < annotations.size(); i++) {
            JsonNode a = annotations.get(i);
            String where = "annotation " + (i + 1);
            JsonNode imageId = a.get("image_id");
            JsonNode caption = a.get("caption");
            String name = imageId == null || !imageId.isValueNode() ? null : names.get(imageId.asText());
            if (name == null) {
                parsed.malformed(where + ": image_id " + (imageId == null ? "missing" : imageId.asText() + " is not among the images"));
            } else if (caption == null || !caption.isTextual()) {
                parsed.malformed(where + ": no caption string");
            } else {
                parsed.add(name, caption.asText(), where);
            }
        }
        return parsed;
    }

    private static JsonNode array(JsonNode root, String key, String path) {
        JsonNode node = root.get(key);
        if (node == null || !node.isArray()) {
            throw new PrepException(path + ": not COCO captions JSON (no '" + key + "' array)");
        }
        return node;
    }
}
