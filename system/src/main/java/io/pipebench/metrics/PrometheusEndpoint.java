package io.pipebench.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code GET /metrics} in the Prometheus text format from a Micrometer registry, and nothing else: any other
 * path is 404, any other method 405. The JDK's own HTTP server is enough for a scrape endpoint; no web framework is
 * pulled in for one path. It listens on loopback unless told otherwise, and answers on at most {@value #THREADS}
 * threads with a short queue (beyond it the accepting thread answers), so a flood of requests cannot add threads.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    /** Where the endpoint listens unless {@code --metrics-bind} says otherwise: this machine only. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final String PATH = "/metrics";
    static final int THREADS = 2;
    static final String THREAD_NAME = "pipebench-metrics-http-";

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private PrometheusEndpoint(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on the given address and port (0 picks a free one). */
    public static PrometheusEndpoint start(PrometheusMeterRegistry registry, String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--metrics-bind " + host + " is not an address of this machine: use "
                    + DEFAULT_BIND + " (default), 0.0.0.0 for every interface, or one interface's address");
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(8), r -> {
                    Thread t = new Thread(r, THREAD_NAME + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            HttpServer server = HttpServer.create(address, 16);
            server.createContext("/", exchange -> answer(registry, exchange));
            server.setExecutor(executor);
            server.start();
            return new PrometheusEndpoint(server, executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new IllegalArgumentException("Cannot serve metrics on " + host + ":" + port + ": " + e.getMessage()
                    + " (choose another --metrics-port, or 0 for any free port)", e);
        }
    }

    private static void answer(PrometheusMeterRegistry registry, HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "Only GET " + PATH + " is served here.\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain; charset=utf-8", "Only GET is allowed on " + PATH + ".\n");
            } else {
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String url() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "localhost"
                : server.getAddress().getHostString();
        return "http://" + host + ":" + port() + PATH;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
