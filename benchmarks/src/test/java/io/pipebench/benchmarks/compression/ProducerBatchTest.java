package io.pipebench.benchmarks.compression;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProducerBatchTest {

    private final ProducerBatch batch = new ProducerBatch(new JsonEventCodec(EventTypeRegistry.standard()));

    @ParameterizedTest
    @ValueSource(strings = {"none", "snappy", "lz4", "zstd", "gzip"})
    void aBatchIsFilledToTheDocumentsBatchSizeAndReadsBackWhole(String compression) {
        assertThat(batch.uncompressedBytes()).isBetween(ProducerBatch.TARGET_BYTES - 1_000,
                ProducerBatch.TARGET_BYTES);
        MemoryRecords records = batch.build(ProducerBatch.compression(compression));
        if (!compression.equals("none")) {
            assertThat(records.sizeInBytes()).isLessThan(batch.uncompressedBytes());
        }
        int read = 0;
        for (RecordBatch recordBatch : records.batches()) {
            assertThat(recordBatch.compressionType().name).isEqualTo(compression);
            try (CloseableIterator<Record> it = recordBatch.streamingIterator(BufferSupplier.create())) {
                while (it.hasNext()) {
                    Record record = it.next();
                    assertThat(record.headers()).isNotEmpty();
                    read++;
                }
            }
        }
        assertThat(read).isEqualTo(batch.recordCount());
    }
}
