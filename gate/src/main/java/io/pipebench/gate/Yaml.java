package io.pipebench.gate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * The one way YAML is read in this project (the gate's thresholds; the system's topic catalog, workloads and alarms):
 * one strict mapper, and errors that name the file, the place in it and, for an unknown field, the fields known there.
 * Readers whose checks go field by field (alarms, thresholds) take the {@link #tree tree}; the others bind a type.
 * {@code errors} makes the reader's own exception from a message and its cause.
 */
public final class Yaml {

    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Yaml() {
    }

    /** The document bound to {@code type}, or null for an empty document; {@code source} names it in errors. */
    public static <T> T read(InputStream in, Class<T> type, String source,
                             BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        try {
            return MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw translate(e, source, errors);
        }
    }

    /** The document as a tree, or null (or a missing node) for an empty document. */
    public static JsonNode tree(InputStream in, String source,
                                BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        try {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw translate(e, source, errors);
        }
    }

    /** The document as a tree, or null (or a missing node) for an empty document. */
    public static JsonNode tree(String yaml, String source,
                                BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        return tree(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), source, errors);
    }

    /** Where in the document a value failed, as a person counts: {@code topics[1].partitions}, or "the top level". */
    public static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex() + 1).append(']');
            }
        }
        return sb.length() == 0 ? "the top level" : sb.toString();
    }

    private static RuntimeException translate(IOException e, String source,
                                              BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        if (e instanceof UnrecognizedPropertyException u) {
            return errors.apply(source + ": unknown field '" + u.getPropertyName() + "' at " + path(u)
                    + "; known fields there are " + u.getKnownPropertyIds(), e);
        }
        if (e instanceof JsonMappingException m) {
            return errors.apply(source + ": bad value at " + path(m) + ": " + m.getOriginalMessage(), e);
        }
        if (e instanceof JsonProcessingException p) {
            return errors.apply(source + ": not valid YAML: " + p.getOriginalMessage() + where(p.getLocation()), e);
        }
        return errors.apply(source + ": cannot read: " + e.getMessage(), e);
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
