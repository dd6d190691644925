package io.pipebench.config;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Where in a YAML data file (topic catalog, workload) a problem is, as a person counts: {@code topics[1].partitions}. */
public final class YamlPaths {

    private YamlPaths() {
    }

    /** The path of the failing value, list positions counted from 1, or "the top level". */
    public static String of(JsonMappingException e) {
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
}
