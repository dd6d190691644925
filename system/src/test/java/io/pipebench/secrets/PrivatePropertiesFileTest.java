package io.pipebench.secrets;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class PrivatePropertiesFileTest {

    @Test
    void theFileIsOwnerOnlyHoldsTheValuesAndIsGoneAfterClose() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" "
                + "password=\"it's \\\"q\\\" = \\\\ x\";";
        values.put("sasl.jaas.config", jaas);
        values.put("linger.ms", 10);
        values.put("key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        Path path;
        try (PrivatePropertiesFile file = PrivatePropertiesFile.write("test", values)) {
            path = file.path();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            Properties read = new Properties();
            try (Reader r = Files.newBufferedReader(path)) {
                read.load(r);
            }
            assertThat(read.getProperty("sasl.jaas.config")).isEqualTo(jaas);
            assertThat(read.getProperty("linger.ms")).isEqualTo("10");
            assertThat(read.getProperty("key.serializer"))
                    .isEqualTo("org.apache.kafka.common.serialization.ByteArraySerializer");
        }
        assertThat(path).doesNotExist();
    }
}
