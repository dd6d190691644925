package io.pipebench.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrape endpoint answers GET /metrics, refuses everything else, listens on loopback and keeps its threads few. */
class PrometheusEndpointTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PrometheusEndpoint endpoint;

    @BeforeEach
    void start() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("pipebench.test.scraped").increment();
        endpoint = PrometheusEndpoint.start(registry, PrometheusEndpoint.DEFAULT_BIND, 0);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void getMetricsIsServed() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("pipebench_test_scraped_total");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    }

    @Test
    void anotherMethodIs405AndAnotherPathIs404() throws Exception {
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(post.body()).doesNotContain("pipebench_test_scraped");
        assertThat(send("DELETE", "/metrics").statusCode()).isEqualTo(405);
        for (String path : List.of("/", "/admin", "/metrics/x", "/metricsx")) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).doesNotContain("pipebench_test_scraped");
        }
    }

    @Test
    void theDefaultAddressIsLoopback() {
        assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(endpoint.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void manyConcurrentScrapesAreAnsweredOnABoundedNumberOfThreads() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(http.sendAsync(request("GET", "/metrics"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(PrometheusEndpoint.THREAD_NAME)).count();
        assertThat(threads).isBetween(1L, (long) PrometheusEndpoint.THREADS);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(request(method, path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
}
