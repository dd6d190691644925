package io.pipebench.load.driver.reference;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import io.pipebench.load.measure.PipelineObserver;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.TopicRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * For consumers running elsewhere that publish their meters on a Prometheus endpoint (the reference system's
 * {@code /metrics}, {@code pipebench run --metrics-port}): processing failures and dead letters read from there, the
 * same counters the alarms are defined on, instead of reporting them as not observed; so are records skipped because
 * their dead letter could never be sent ({@code pipebench_deadletter_dropped_total}, absent until the first).
 *
 * <p>Micrometer's Prometheus registry names {@code kafka.consumer.process.failure} as
 * {@code kafka_consumer_process_failure_total} and {@code kafka.messages.produced} as
 * {@code kafka_messages_produced_total} (both names derived from {@link PipelineMeters}). Every figure is the sum over the
 * scrape's series (all topics and event types; dead letters: {@code topic="dead-letter-queue"}). An endpoint that does
 * not answer, answers with an error, or carries none of the consumers' processing meters gives empty, never 0, and
 * {@link #limits()} says why. A reachable consumer endpoint without a dead-letter series has sent none: the system
 * registers that counter at its first dead letter. One URL is one consumer process: several instances need a
 * Prometheus server's aggregate URL, not one instance's.
 */
public final class PrometheusObserver implements PipelineObserver {

    static final String FAILURES = counter(PipelineMeters.CONSUMER_PROCESS_FAILURE);
    static final String PRODUCED = counter(PipelineMeters.MESSAGES_PRODUCED);
    static final String DROPPED = counter(PipelineMeters.DEAD_LETTERS_DROPPED);
    /** Any of the consumers' processing meters: proof that the URL is the consumers' endpoint. */
    static final String PROCESS_PREFIX = new PrometheusNamingConvention().name(PipelineMeters.CONSUMER_PROCESS,
            Meter.Type.OTHER) + "_";

    private static final Logger log = LoggerFactory.getLogger(PrometheusObserver.class);
    /**
     * After a failed scrape, wait this long before the next: the run monitor asks every second and a hung endpoint
     * holds it for the timeout. Short, because a counter unread near the end of a window fails its check
     * (Verdicts.COUNTER_TAIL allows one retry).
     */
    static final Duration BACKOFF = Duration.ofSeconds(2);
    /**
     * How long one scrape serves: the run monitor asks for all three figures each second, so they come from one
     * scrape (figures of one moment, and the endpoint read once a second, not three times).
     */
    static final Duration REUSE = Duration.ofMillis(250);

    private final URI url;
    private final Duration timeout;
    private final long reuseNanos;
    private final HttpClient http;
    private String problem = "not read yet";
    private long retryAtNanos;
    private List<Sample> last;
    private long lastAtNanos;

    /** @param url the consumers' metrics URL, as given to {@code --consumer-metrics} / {@code -DconsumerMetrics} */
    public PrometheusObserver(String url, Duration timeout) {
        this(url, timeout, REUSE);
    }

    /** As above, a scrape reused for {@code reuse} (zero: every read scrapes; tests that read after a change). */
    PrometheusObserver(String url, Duration timeout, Duration reuse) {
        this.url = parseUrl(url);
        this.timeout = timeout;
        this.reuseNanos = reuse.toNanos();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    private static URI parseUrl(String text) {
        String fix = "; give the consumers' Prometheus endpoint, e.g. http://consumers.internal:9404/metrics";
        URI u;
        try {
            u = new URI(text.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--consumer-metrics / -DconsumerMetrics '" + text + "' is not a URL ("
                    + e.getReason() + ")" + fix);
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("--consumer-metrics / -DconsumerMetrics '" + text + "' is not an "
                    + "http(s) URL with a host" + fix);
        }
        return u;
    }

    @Override
    public synchronized OptionalLong processingFailures() {
        List<Sample> scrape = scrape();
        return scrape == null ? OptionalLong.empty() : OptionalLong.of(sum(scrape, FAILURES, null));
    }

    @Override
    public synchronized OptionalLong deadLetters() {
        List<Sample> scrape = scrape();
        return scrape == null ? OptionalLong.empty()
                : OptionalLong.of(sum(scrape, PRODUCED, TopicRouter.DEAD_LETTER_TOPIC));
    }

    @Override
    public synchronized OptionalLong droppedDeadLetters() {
        List<Sample> scrape = scrape();
        return scrape == null ? OptionalLong.empty() : OptionalLong.of(sum(scrape, DROPPED, null));
    }

    @Override
    public synchronized String limits() {
        return problem.isEmpty() ? "" : "processing failures and dead letters (sent and dropped) are read from the consumers' "
                + "Prometheus endpoint " + url + ", which " + problem;
    }

    /** The endpoint's samples, or null (with {@link #problem} set) when it cannot serve as the consumers' figures. */
    private List<Sample> scrape() {
        if (!problem.isEmpty() && retryAtNanos != 0 && System.nanoTime() - retryAtNanos < 0) {
            return null;
        }
        if (last != null && System.nanoTime() - lastAtNanos < reuseNanos) {
            return last;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return failed("answered HTTP " + r.statusCode());
            }
            List<Sample> samples = parse(r.body());
            if (samples.stream().noneMatch(s -> s.name().startsWith(PROCESS_PREFIX))) {
                return failed("serves no " + PROCESS_PREFIX + "* series: not the consumers' endpoint, or they have "
                        + "processed nothing yet");
            }
            problem = "";
            last = samples;
            lastAtNanos = System.nanoTime();
            return samples;
        } catch (IOException | IllegalArgumentException e) {
            return failed("could not be read: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("was not read: interrupted");
        }
    }

    private List<Sample> failed(String why) {
        last = null;
        if (!why.equals(problem)) {
            log.warn("Consumer metrics at {}: {}", url, why);
        }
        problem = why;
        retryAtNanos = System.nanoTime() + BACKOFF.toNanos();
        return null;
    }

    private static long sum(List<Sample> samples, String name, String topic) {
        double total = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && (topic == null || topic.equals(s.labels().get("topic")))) {
                total += s.value();
            }
        }
        return Math.round(total);
    }

    /** One sample line: metric name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /**
     * Parses the sample lines of the Prometheus text exposition format (version 0.0.4): {@code name{l="v",...} value
     * [timestamp]}; comments and blank lines are skipped. Hand-written: the Prometheus Java client on our class path
     * only writes this format, it has no parser. Label values may hold escaped {@code \\}, {@code \"} and {@code \n}.
     */
    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int i = 0;
            while (i < l.length() && l.charAt(i) != '{' && !Character.isWhitespace(l.charAt(i))) {
                i++;
            }
            String name = l.substring(0, i);
            Map<String, String> labels = new LinkedHashMap<>();
            if (i < l.length() && l.charAt(i) == '{') {
                i++;
                while (true) {
                    while (i < l.length() && (l.charAt(i) == ',' || l.charAt(i) == ' ')) {
                        i++;
                    }
                    if (i < l.length() && l.charAt(i) == '}') {
                        i++;
                        break;
                    }
                    int eq = l.indexOf('=', i);
                    if (eq < 0 || eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
                        throw new IllegalArgumentException("line " + lineNo + ": malformed label in '" + l + "'");
                    }
                    String key = l.substring(i, eq).strip();
                    StringBuilder value = new StringBuilder();
                    i = eq + 2;
                    while (i < l.length() && l.charAt(i) != '"') {
                        char c = l.charAt(i);
                        if (c == '\\' && i + 1 < l.length()) {
                            char n = l.charAt(++i);
                            value.append(n == 'n' ? '\n' : n);
                        } else {
                            value.append(c);
                        }
                        i++;
                    }
                    if (i >= l.length()) {
                        throw new IllegalArgumentException("line " + lineNo + ": unterminated label value in '" + l
                                + "'");
                    }
                    i++;
                    labels.put(key, value.toString());
                }
            }
            String[] rest = l.substring(i).strip().split("\\s+");
            if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
                throw new IllegalArgumentException("line " + lineNo + ": no metric name or value in '" + l + "'");
            }
            out.add(new Sample(name, labels, value(rest[0], lineNo)));
        }
        return out;
    }

    private static double value(String v, int lineNo) {
        return switch (v) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + lineNo + ": '" + v + "' is not a sample value");
                }
            }
        };
    }

    /** A counter's name in the exposition: Micrometer's Prometheus naming, and the {@code _total} the client adds. */
    private static String counter(String meterName) {
        return new PrometheusNamingConvention().name(meterName, Meter.Type.COUNTER) + "_total";
    }
}
