package io.pipebench.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every YAML reader's errors: the file, the place and the fix; the reader's own exception type. */
class YamlTest {

    static final class Doc {
        @JsonProperty List<Item> items;
    }

    static final class Item {
        @JsonProperty String name;
        @JsonProperty int size;
    }

    static final class Refused extends RuntimeException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static InputStream text(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGoodDocumentBinds() {
        Doc d = Yaml.read(text("items:\n  - {name: a, size: 2}\n"), Doc.class, "f.yaml", Refused::new);
        assertThat(d.items).singleElement().satisfies(i -> assertThat(i.size).isEqualTo(2));
    }

    @Test
    void anUnknownFieldIsNamedWithItsPlaceAndTheKnownFields() {
        assertThatThrownBy(() -> Yaml.read(text("items:\n  - {name: a, sise: 2}\n"), Doc.class, "f.yaml",
                Refused::new))
                .isInstanceOf(Refused.class)
                .hasMessageStartingWith("f.yaml: unknown field 'sise' at items[1].sise")
                .hasMessageContaining("known fields there are").hasMessageContaining("size");
    }

    @Test
    void aBadValueAndAMissingPrimitiveAreRefusedAtTheirPlace() {
        assertThatThrownBy(() -> Yaml.read(text("items:\n  - {name: a, size: big}\n"), Doc.class, "f.yaml",
                Refused::new)).hasMessageStartingWith("f.yaml: bad value at items[1].size");
        assertThatThrownBy(() -> Yaml.read(text("items:\n  - {name: a, size: }\n"), Doc.class, "f.yaml",
                Refused::new)).hasMessageStartingWith("f.yaml: bad value at items[1].size");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> Yaml.tree("a: 1\nb: [\n", "g.yaml", Refused::new))
                .isInstanceOf(Refused.class).hasMessageStartingWith("g.yaml: not valid YAML: ")
                .hasMessageContaining("(line ");
    }

    @Test
    void anEmptyDocumentIsNoTree() {
        var root = Yaml.tree("", "e.yaml", Refused::new);
        assertThat(root == null || root.isMissingNode() || root.isNull()).isTrue();
    }
}
