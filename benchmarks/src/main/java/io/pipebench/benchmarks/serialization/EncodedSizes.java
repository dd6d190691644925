package io.pipebench.benchmarks.serialization;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipebench.benchmarks.compression.ProducerBatch;
import io.pipebench.benchmarks.serialization.codec.Candidate;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventTypeRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.record.internal.DefaultRecord;

/**
 * The non-timing half of the codec question, computed, not measured: encoded bytes of every input per codec, the
 * whole Kafka record of the Envelope input (key, value, headers, record framing), and the compression ratio of the
 * realistic producer batch per codec and compression type. Same bytes every run, so it needs no statistics.
 * Writes {@code encoded-sizes.json} and {@code encoded-sizes.md} into the directory given as the only argument.
 * Every row has passed the round-trip check; a codec that fails it is listed with the failure instead.
 */
public final class EncodedSizes {

    /** Compression types in the order the table shows them. */
    static final List<String> COMPRESSIONS = List.of("none", "snappy", "lz4", "zstd", "gzip");

    private EncodedSizes() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: EncodedSizes <output directory>   (writes encoded-sizes.json and .md there)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Map<String, Object> result = compute();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("encoded-sizes.json").toFile(), result);
        Files.writeString(dir.resolve("encoded-sizes.md"), markdown(result), StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve("encoded-sizes.json") + " and encoded-sizes.md");
    }

    /** Sizes and ratios by candidate, as plain maps (the JSON's shape). */
    static Map<String, Object> compute() {
        EventTypeRegistry registry = EventTypeRegistry.standard();
        Map<String, Object> sizes = new LinkedHashMap<>();
        Map<String, Object> compression = new LinkedHashMap<>();
        for (Candidate candidate : Candidate.values()) {
            EventCodec codec = candidate.create(registry);
            Map<String, Object> row = new LinkedHashMap<>();
            for (Input input : Input.values()) {
                try {
                    Object encoded = RoundTrip.verify(candidate, codec, input);
                    row.put(input.name(), input.payload(encoded).length);
                    if (input == Input.Envelope) {
                        row.put("EnvelopeRecord", recordBytes((EventEnvelope) input.sample(), input, encoded));
                    }
                } catch (RuntimeException e) {
                    row.put(input.name(), "fails: " + e.getMessage());
                }
            }
            sizes.put(candidate.name(), row);
            compression.put(candidate.name(), ratios(codec));
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("content", "order-events partition: the 6 Order event types in equal shares over 40 orders, with"
                + " the system's headers, filled to " + ProducerBatch.TARGET_BYTES + " uncompressed bytes");
        batch.put("ratio", "uncompressed batch bytes / compressed batch bytes (Kafka record batch, default levels)");
        batch.put("bytesPerRecord", "compressed batch bytes / records in it: what one event costs on the wire and"
                + " on the broker's disk, headers and key included");
        batch.put("byCodec", compression);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("unit", "bytes");
        result.put("payloadBytes", sizes);
        result.put("producerBatchCompression", batch);
        return result;
    }

    /** The Kafka record as a v2 batch stores it: varint framing, key (the aggregate id), value and headers. */
    private static int recordBytes(EventEnvelope envelope, Input input, Object encoded) {
        byte[] key = envelope.aggregateId().getBytes(StandardCharsets.UTF_8);
        return DefaultRecord.sizeInBytes(0, 0L, ByteBuffer.wrap(key), ByteBuffer.wrap(input.payload(encoded)),
                input.headers(encoded));
    }

    private static Map<String, Object> ratios(EventCodec codec) {
        Map<String, Object> row = new LinkedHashMap<>();
        ProducerBatch batch;
        try {
            batch = new ProducerBatch(codec);
        } catch (RuntimeException e) {
            row.put("fails", "cannot encode the Order events: " + e.getMessage());
            return row;
        }
        row.put("records", batch.recordCount());
        row.put("uncompressedBytes", batch.uncompressedBytes());
        Map<String, Object> ratio = new LinkedHashMap<>();
        Map<String, Object> perRecord = new LinkedHashMap<>();
        for (String name : COMPRESSIONS) {
            int compressed = batch.build(ProducerBatch.compression(name)).sizeInBytes();
            ratio.put(name, Math.round(1000.0 * batch.uncompressedBytes() / compressed) / 1000.0);
            perRecord.put(name, Math.round(10.0 * compressed / batch.recordCount()) / 10.0);
        }
        row.put("ratio", ratio);
        row.put("bytesPerRecord", perRecord);
        return row;
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> result) {
        StringBuilder md = new StringBuilder();
        md.append("# Encoded sizes of the domain events\n\n")
                .append("Generated by `io.pipebench.benchmarks.serialization.EncodedSizes` (deterministic: fixed ")
                .append("events, no timing). Every number passed the round-trip check.\n\n")
                .append("## Record value bytes per event\n\n")
                .append("`EnvelopeRecord` is the whole Kafka record of the Envelope input: key, value, the eight ")
                .append("headers and the record's framing, as a v2 record batch stores it before compression.\n\n");
        List<String> columns = new ArrayList<>();
        for (Input input : Input.values()) {
            columns.add(input.name());
        }
        columns.add("EnvelopeRecord");
        md.append("| codec | ").append(String.join(" | ", columns)).append(" |\n");
        md.append("|---|").append("---:|".repeat(columns.size())).append('\n');
        Map<String, Object> sizes = (Map<String, Object>) result.get("payloadBytes");
        for (Map.Entry<String, Object> row : sizes.entrySet()) {
            Map<String, Object> cells = (Map<String, Object>) row.getValue();
            md.append("| ").append(row.getKey());
            for (String column : columns) {
                Object cell = cells.get(column);
                md.append(" | ").append(cell == null ? "" : cell);
            }
            md.append(" |\n");
        }
        Map<String, Object> batch = (Map<String, Object>) result.get("producerBatchCompression");
        md.append("\n## A producer batch, compressed\n\n").append(batch.get("content")).append(".\n\n");
        compressionTable(md, "Ratio: " + batch.get("ratio"), "ratio", "%.2f",
                (Map<String, Object>) batch.get("byCodec"));
        compressionTable(md, "Bytes per record: " + batch.get("bytesPerRecord"), "bytesPerRecord", "%.1f",
                (Map<String, Object>) batch.get("byCodec"));
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static void compressionTable(StringBuilder md, String title, String key, String format,
                                         Map<String, Object> byCodec) {
        md.append(title).append(".\n\n| codec | records | uncompressed bytes | ")
                .append(String.join(" | ", COMPRESSIONS))
                .append(" |\n|---|---:|---:|").append("---:|".repeat(COMPRESSIONS.size())).append('\n');
        for (Map.Entry<String, Object> row : byCodec.entrySet()) {
            Map<String, Object> cells = (Map<String, Object>) row.getValue();
            if (cells.containsKey("fails")) {
                md.append("| ").append(row.getKey()).append(" | ").append(cells.get("fails"))
                        .append(" |||||||\n");
                continue;
            }
            md.append("| ").append(row.getKey()).append(" | ").append(cells.get("records")).append(" | ")
                    .append(cells.get("uncompressedBytes"));
            Map<String, Object> values = (Map<String, Object>) cells.get(key);
            for (String name : COMPRESSIONS) {
                md.append(" | ").append(String.format(Locale.ROOT, format,
                        ((Number) values.get(name)).doubleValue()));
            }
            md.append(" |\n");
        }
        md.append('\n');
    }
}
