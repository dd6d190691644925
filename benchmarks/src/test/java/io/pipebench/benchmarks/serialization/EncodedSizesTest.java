package io.pipebench.benchmarks.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.benchmarks.serialization.codec.Candidate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodedSizesTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyCandidateHasASizeForEveryInputAndTheSameOnEveryRun(@TempDir Path dir) throws Exception {
        EncodedSizes.main(new String[] {dir.toString()});
        String first = Files.readString(dir.resolve("encoded-sizes.json"));
        EncodedSizes.main(new String[] {dir.toString()});
        assertThat(Files.readString(dir.resolve("encoded-sizes.json"))).isEqualTo(first);

        Map<String, Object> sizes = (Map<String, Object>) EncodedSizes.compute().get("payloadBytes");
        for (Candidate candidate : Candidate.values()) {
            Map<String, Object> row = (Map<String, Object>) sizes.get(candidate.name());
            for (Input input : Input.values()) {
                assertThat(row.get(input.name())).as(candidate + " " + input).isInstanceOf(Integer.class);
            }
        }
        assertThat(Files.readString(dir.resolve("encoded-sizes.md"))).contains("| jacksonStrict | 307 | 289 |");
    }
}
