package io.pipebench.load.driver.reference;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipebench.load.measure.PipelineObserver;
import io.pipebench.load.measure.SplitObserver;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.metrics.PrometheusEndpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consumers' failures and dead letters, read from the reference system's own /metrics endpoint. */
class PrometheusObserverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The system's meters after some processing: 3 failed attempts over two topics, 2 dead letters. */
    private static PrometheusMeterRegistry consumerRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMeters.commonTags(registry, "genai-demo"); // as 'pipebench run' does
        PipelineMeters meters = new PipelineMeters(registry);
        meters.recordProcessing("order-events", "OrderCreated", true, 1_000_000);
        meters.recordProcessing("order-events", "OrderCreated", false, 1_000_000);
        meters.recordProcessing("order-events", "OrderCreated", false, 1_000_000);
        meters.recordProcessing("payment-events", "PaymentFailed", false, 1_000_000);
        meters.recordSend("order-events", true, 2_000_000);
        meters.messageProduced("order-events");
        meters.messageProduced("dead-letter-queue");
        meters.messageProduced("dead-letter-queue");
        return registry;
    }

    @Test
    void readsFailuresAndDeadLettersFromTheSystemsEndpoint() {
        PrometheusMeterRegistry registry = consumerRegistry();
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, "127.0.0.1", 0);
             PrometheusObserver observer = new PrometheusObserver(endpoint.url(), TIMEOUT, Duration.ZERO)) {
            assertThat(observer.processingFailures()).hasValue(3);
            assertThat(observer.deadLetters()).hasValue(2);
            // The dropped-letter counter is registered at the first drop: a live endpoint without it has dropped none.
            assertThat(observer.droppedDeadLetters()).hasValue(0);
            assertThat(observer.limits()).isEmpty();

            // Running totals: a further failure shows on the next scrape, and so does a dropped letter of any group.
            new PipelineMeters(registry).recordProcessing("order-events", "OrderCreated", false, 1);
            assertThat(observer.processingFailures()).hasValue(4);
            new PipelineMeters(registry).deadLetterDropped("genai-demo-audit");
            new PipelineMeters(registry).deadLetterDropped("genai-demo-analytics");
            assertThat(observer.droppedDeadLetters()).hasValue(2);
        }
    }

    @Test
    void oneScrapeServesTheFiguresOfOneTick() throws IOException {
        PrometheusMeterRegistry registry = consumerRegistry();
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            requests.incrementAndGet();
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
        try (PrometheusObserver reused = new PrometheusObserver(url, TIMEOUT, Duration.ofMinutes(1));
             PrometheusObserver fresh = new PrometheusObserver(url, TIMEOUT, Duration.ZERO)) {
            assertThat(reused.processingFailures()).hasValue(3);
            new PipelineMeters(registry).recordProcessing("order-events", "OrderCreated", false, 1);
            // The same scrape, so the same moment: the failure after it waits for the next tick's scrape.
            assertThat(reused.processingFailures()).hasValue(3);
            assertThat(reused.deadLetters()).hasValue(2);
            assertThat(reused.droppedDeadLetters()).hasValue(0);
            assertThat(requests).hasValue(1);

            assertThat(fresh.processingFailures()).hasValue(4);
            assertThat(fresh.deadLetters()).hasValue(2);
            assertThat(requests).hasValue(3);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void parsesTheSystemsRealExposition() {
        String text = consumerRegistry().scrape();
        List<PrometheusObserver.Sample> samples = PrometheusObserver.parse(text);
        assertThat(samples).filteredOn(s -> s.name().equals(PrometheusObserver.FAILURES))
                .extracting(s -> s.labels().get("topic"), PrometheusObserver.Sample::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("order-events", 2.0),
                        org.assertj.core.groups.Tuple.tuple("payment-events", 1.0));
        assertThat(samples).filteredOn(s -> s.name().equals(PrometheusObserver.PRODUCED))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("application", "genai-demo"));
        // Histogram buckets with +Inf and escaped label values.
        List<PrometheusObserver.Sample> odd = PrometheusObserver.parse("""
                # HELP x_total a counter
                # TYPE x_total counter
                x_total{path="a\\"b\\\\c",le="+Inf"} +Inf
                y 12.5 1700000000000
                z{} NaN
                """);
        assertThat(odd).hasSize(3);
        assertThat(odd.get(0).labels()).containsEntry("path", "a\"b\\c").containsEntry("le", "+Inf");
        assertThat(odd.get(0).value()).isInfinite();
        assertThat(odd.get(1).value()).isEqualTo(12.5);
        assertThat(odd.get(2).value()).isNaN();
        assertThatThrownBy(() -> PrometheusObserver.parse("bad{topic=\"x} 1"))
                .hasMessageContaining("line 1: unterminated label value");
    }

    @Test
    void anUnreachableEndpointGivesEmptyNotZero() {
        String url;
        try (PrometheusEndpoint gone = PrometheusEndpoint.start(consumerRegistry(), "127.0.0.1", 0)) {
            url = gone.url();
        } // closed: nothing listens on that port any more
        try (PrometheusObserver observer = new PrometheusObserver(url, TIMEOUT)) {
            assertThat(observer.processingFailures()).isEqualTo(OptionalLong.empty());
            assertThat(observer.deadLetters()).isEqualTo(OptionalLong.empty());
            assertThat(observer.droppedDeadLetters()).isEqualTo(OptionalLong.empty());
            assertThat(observer.limits()).contains(url).contains("could not be read");
        }
    }

    @Test
    void anEndpointThatNeverAnswersGivesEmptyWithinTheTimeout() throws IOException {
        // The kernel accepts the connection (backlog) but nobody ever answers the request.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             PrometheusObserver observer = new PrometheusObserver("http://127.0.0.1:" + silent.getLocalPort()
                     + "/metrics", Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            assertThat(observer.processingFailures()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(observer.limits()).contains("could not be read");
        }
    }

    @Test
    void anEndpointWithoutTheConsumersMetersGivesEmpty() {
        PrometheusMeterRegistry other = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("http.requests").register(other).increment();
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(other, "127.0.0.1", 0);
             PrometheusObserver observer = new PrometheusObserver(endpoint.url(), TIMEOUT)) {
            assertThat(observer.processingFailures()).isEmpty();
            assertThat(observer.limits()).contains("serves no kafka_consumer_process_* series");
        }
    }

    @Test
    void aBadUrlIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> new PrometheusObserver("consumers:9404/metrics", TIMEOUT))
                .hasMessageContaining("--consumer-metrics / -DconsumerMetrics 'consumers:9404/metrics' is not an "
                        + "http(s) URL");
    }

    @Test
    void splitObserverTakesFailuresFromOneAndDeadLettersFromTheOther() {
        PipelineObserver topic = new PipelineObserver() {
            @Override
            public OptionalLong processingFailures() {
                return OptionalLong.empty();
            }

            @Override
            public OptionalLong deadLetters() {
                return OptionalLong.of(7);
            }

            @Override
            public OptionalLong droppedDeadLetters() {
                return OptionalLong.empty();
            }

            @Override
            public String limits() {
                return "failures not observable";
            }
        };
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(consumerRegistry(), "127.0.0.1", 0);
             SplitObserver split = new SplitObserver(new PrometheusObserver(endpoint.url(), TIMEOUT), topic)) {
            assertThat(split.processingFailures()).hasValue(3);
            assertThat(split.deadLetters()).hasValue(7);
            assertThat(split.droppedDeadLetters()).hasValue(0); // from the consumers' endpoint, not the topic
            assertThat(split.limits()).isEmpty();
        }
    }
}
