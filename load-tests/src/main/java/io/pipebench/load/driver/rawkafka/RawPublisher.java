package io.pipebench.load.driver.rawkafka;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.driver.Message;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.kafka.KafkaPublishing;
import io.pipebench.load.driver.kafka.RunHeaders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Sends the pool's payloads in turn, each with a random key of the range and the fixed headers, as they are. */
final class RawPublisher implements Publisher<byte[]> {

    private final KafkaProducer<String, byte[]> producer;
    private final RawKafkaDriver.Settings settings;
    private final List<Header> fixed;
    private final AtomicLong taken = new AtomicLong();

    RawPublisher(KafkaCluster cluster, PublisherSpec spec, RawKafkaDriver.Settings settings) {
        this.settings = settings;
        this.fixed = settings.headers().isEmpty() ? List.of() : RunHeaders.of(settings.headers());
        this.producer = KafkaPublishing.producer(cluster, spec, "pipebench-raw-");
        try {
            KafkaPublishing.fetchMetadata(producer, List.of(settings.topic()), cluster.describe(),
                    Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public Message<byte[]> next() {
        List<byte[]> pool = settings.payloads();
        byte[] payload = pool.get((int) (taken.getAndIncrement() % pool.size()));
        String key = Integer.toString(ThreadLocalRandom.current().nextInt(settings.keys()));
        return new Message<>(settings.topic(), key, payload);
    }

    @Override
    public CompletableFuture<Void> sendAsync(String key, byte[] payload, Map<String, byte[]> headers) {
        List<Header> all = new ArrayList<>(fixed.size() + headers.size());
        all.addAll(fixed);
        all.addAll(RunHeaders.of(headers));
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(settings.topic(), null, key, payload, all), (metadata, error) -> {
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
