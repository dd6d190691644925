package io.pipebench.load.scenario;

import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.harness.LoadRun;
import io.pipebench.load.harness.SetupException;
import io.pipebench.load.kafka.WorkloadEvents;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.Segment;
import io.pipebench.load.report.RunReport;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.VerdictTable;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.workload.Workload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.tools.ProducerPerformance;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Is the injector the bottleneck? In one JVM, on one embedded 3-broker cluster and with the same producer settings,
 * alternately: Kafka's own {@code ProducerPerformance}, unthrottled, sending our events' encoded payloads (so record
 * size and compressibility are the same) with random keys over as many partitions as the four event topics have; then
 * the send action through Gatling, in rate steps of 5-10% of that round's ProducerPerformance throughput, until a step
 * is not sustained. Only producers run: no consumer groups, no end-to-end tracker. The ratio of the highest sustained
 * step to ProducerPerformance's throughput is reported per round, with its median and spread.
 *
 * <p>A step is sustained when, over its last {@value #MEASURED_SECONDS} seconds, at least 95% of the intended records
 * were sent and acknowledged and none failed.
 */
public final class InjectorRatio {

    static final String PP_TOPIC = "pipebench-producer-performance";
    static final double[] LADDER = {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.3, 1.4, 1.5};
    static final int STEP_SECONDS = 6;
    static final int MEASURED_SECONDS = 5;
    static final int WARMUP_SECONDS = 20;
    static final double TARGET = 0.9;
    private static final Pattern PP_LINE = Pattern.compile("(\\d+) (steady state )?records sent, ([\\d.]+) records/sec");

    private InjectorRatio() {
    }

    record Round(int number, double ppThroughput, long ppRecords, double oursMax, List<StepResult> steps,
                 String oursStop) {
        double ratio() {
            return ppThroughput == 0 ? 0 : oursMax / ppThroughput;
        }
    }

    record StepResult(double rate, double sentRate, double ackedRate, long failed, boolean sustained) {
    }

    public static int run(LoadOptions o, Workload w, HeapWatch heap, PrintStream out) throws InterruptedException {
        if (o.external()) {
            throw new SetupException("injector-ratio measures on the embedded 3-broker cluster; drop -Dcluster=external");
        }
        if (o.rounds < 1) {
            throw new IllegalArgumentException("-Drounds must be >= 1, was " + o.rounds);
        }
        Path dir = RunReport.newFolder(o.results, "injector-ratio", Instant.now());
        try (LoadEnvironment env = LoadEnvironment.open(o, w, false, out)) {
            int partitions = createYardstickTopic(env);
            Path payloads = dir.getParent().resolve(".payloads-" + dir.getFileName() + ".txt");
            double avgSize = writePayloads(w, payloads, 20_000);
            Map<String, Object> producer = ProducerProfiles.named(w.producerProfile(), w.producerOverrides());
            out.printf(Locale.ROOT, "[injector-ratio] producer profile %s %s; average encoded event %.0f bytes; "
                    + "ProducerPerformance topic %s with %d partitions%n", w.producerProfile(), producer, avgSize,
                    PP_TOPIC, partitions);
            List<Round> rounds = new ArrayList<>();
            long ppRecords = o.ppRecords > 0 ? o.ppRecords : 600_000;
            try {
                for (int i = 1; i <= o.rounds; i++) {
                    double pp = producerPerformance(env, producer, payloads, ppRecords, out);
                    out.printf(Locale.ROOT, "[injector-ratio] round %d: ProducerPerformance %.0f records/s (%d records)%n",
                            i, pp, ppRecords);
                    Round round = ours(env, o, w, i, pp, ppRecords, dir, out);
                    rounds.add(round);
                    out.printf(Locale.ROOT, "[injector-ratio] round %d: send action sustained %.0f records/s = %.2f x "
                            + "ProducerPerformance (%s)%n", i, round.oursMax(), round.ratio(), round.oursStop());
                    if (o.ppRecords <= 0) {
                        ppRecords = Math.max(100_000, Math.min(3_000_000, Math.round(pp * 25)));
                    }
                }
            } finally {
                Files.deleteIfExists(payloads);
            }
            return report(dir, rounds, avgSize, producer, partitions, heap, out);
        } catch (IOException e) {
            throw new SetupException("injector-ratio: " + e.getMessage(), e);
        }
    }

    /** A topic shaped like the four event topics together: their total partitions, RF 3, min ISR 2. */
    private static int createYardstickTopic(LoadEnvironment env) {
        try (Admin admin = Admin.create(env.cluster().connectionProperties())) {
            int partitions = 0;
            for (var d : admin.describeTopics(List.of("customer-events", "order-events", "payment-events",
                    "inventory-events")).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                partitions += d.partitions().size();
            }
            admin.createTopics(List.of(new NewTopic(PP_TOPIC, partitions, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(30, TimeUnit.SECONDS);
            return partitions;
        } catch (Exception e) {
            throw new SetupException("Cannot create the ProducerPerformance topic: " + e.getMessage(), e);
        }
    }

    /** Real encoded events of the workload, one per line (JSON has no raw line breaks); returns the mean size. */
    static double writePayloads(Workload w, Path file, int count) throws IOException {
        EventTypeRegistry registry = EventTypeRegistry.standard();
        JsonEventCodec codec = new JsonEventCodec(registry);
        WorkloadEvents events = new WorkloadEvents(w, registry);
        long bytes = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < count; i++) {
                byte[] payload = codec.encode(events.next());
                bytes += payload.length;
                out.write(payload);
                out.write('\n');
            }
        }
        return bytes / (double) count;
    }

    /** Runs ProducerPerformance in this JVM and returns its steady-state throughput, records per second. */
    static double producerPerformance(LoadEnvironment env, Map<String, Object> producer, Path payloads, long records,
                                      PrintStream out) {
        List<String> args = new ArrayList<>(List.of("--topic", PP_TOPIC, "--num-records", Long.toString(records),
                "--payload-file", payloads.toString(), "--throughput", "-1",
                "--bootstrap-server", env.cluster().bootstrapServers(),
                "--key-distribution", "random", "--record-key-range", "40000",
                "--warmup-records", Long.toString(records / 5), "--reporting-interval", "5000",
                "--command-property"));
        producer.forEach((k, v) -> args.add(k + "=" + v));
        args.add(ProducerConfig.CLIENT_ID_CONFIG + "=pipebench-producer-performance");
        env.cluster().connectionProperties().forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                args.add(k + "=" + v);
            }
        });
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(args.toArray(String[]::new));
        } catch (Exception e) {
            throw new SetupException("ProducerPerformance failed: " + e.getMessage(), e);
        } finally {
            System.setOut(original);
        }
        return parseThroughput(captured.toString(StandardCharsets.UTF_8));
    }

    /** The steady-state throughput of ProducerPerformance's summary, or the overall one without steady state. */
    static double parseThroughput(String output) {
        double overall = -1;
        double steady = -1;
        for (String line : output.split("\n")) {
            Matcher m = PP_LINE.matcher(line);
            if (m.find() && line.contains("50th")) { // the summaries; progress lines have no percentiles
                if (m.group(2) != null) {
                    steady = Double.parseDouble(m.group(3));
                } else {
                    overall = Double.parseDouble(m.group(3));
                }
            }
        }
        double v = steady > 0 ? steady : overall;
        if (v <= 0) {
            throw new SetupException("Could not read ProducerPerformance's throughput from its output:\n" + output);
        }
        return v;
    }

    private static Round ours(LoadEnvironment env, LoadOptions o, Workload w, int round, double pp, long ppRecords,
                              Path dir, PrintStream out) throws InterruptedException {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(Math.max(1, 0.05 * pp), LADDER[0] * pp, WARMUP_SECONDS, Segment.Phase.WARMUP));
        for (double f : LADDER) {
            segments.add(Segment.hold(f * pp, STEP_SECONDS, Segment.Phase.MEASURE));
        }
        InjectionPlan plan = new InjectionPlan(segments);
        LoadRun.Settings settings = new LoadRun.Settings("injector-ratio-" + round, w, plan,
                dir.resolve("rounds").resolve(String.format(Locale.ROOT, "%02d-send-action", round)), false, false,
                List.of(stopAtFirstUnsustained(pp)), List.of(), false, Duration.ofSeconds(30));
        LoadRun.Result r = LoadRun.execute(env, o, settings, out);
        List<StepResult> steps = new ArrayList<>();
        double best = 0;
        String stop = "every step sustained, up to " + LADDER[LADDER.length - 1] + " x ProducerPerformance";
        for (int i = 0; i < LADDER.length; i++) {
            Optional<StepResult> s = step(r.measurements().rows(), i, pp);
            if (s.isEmpty()) {
                break;
            }
            steps.add(s.get());
            if (!s.get().sustained()) {
                stop = String.format(Locale.ROOT, "%.2f x was not sustained: %.0f/s sent, %.0f/s acknowledged of "
                        + "%.0f/s, %d failed", LADDER[i], s.get().sentRate(), s.get().ackedRate(), s.get().rate(),
                        s.get().failed());
                break;
            }
            best = s.get().rate();
        }
        return new Round(round, pp, ppRecords, best, steps, stop);
    }

    /** Step i of the ladder from the timeline, once all its seconds are in; empty before. */
    static Optional<StepResult> step(List<TimelineRow> rows, int i, double pp) {
        int first = WARMUP_SECONDS + i * STEP_SECONDS + (STEP_SECONDS - MEASURED_SECONDS);
        int last = WARMUP_SECONDS + (i + 1) * STEP_SECONDS - 1;
        double intended = 0;
        long sent = 0;
        long acked = 0;
        long failed = 0;
        int seen = 0;
        for (TimelineRow row : rows) {
            if (row.second() >= first && row.second() <= last) {
                intended += row.intendedRate();
                sent += row.sent();
                acked += row.acked();
                failed += row.failed();
                seen++;
            }
        }
        if (seen < MEASURED_SECONDS) {
            return Optional.empty();
        }
        boolean ok = sent >= 0.95 * intended && acked >= 0.95 * intended && failed == 0;
        return Optional.of(new StepResult(LADDER[i] * pp, sent / (double) seen, acked / (double) seen, failed, ok));
    }

    /** Stops the injection as soon as a completed step was not sustained: higher steps cannot tell anything more. */
    static StopRule stopAtFirstUnsustained(double pp) {
        return rows -> {
            for (int i = 0; i < LADDER.length; i++) {
                Optional<StepResult> s = step(rows, i, pp);
                if (s.isEmpty()) {
                    return Optional.empty();
                }
                if (!s.get().sustained()) {
                    return Optional.of(String.format(Locale.ROOT, "step %.2f x ProducerPerformance was not sustained",
                            LADDER[i]));
                }
            }
            return Optional.empty();
        };
    }

    private static int report(Path dir, List<Round> rounds, double avgSize, Map<String, Object> producer,
                              int partitions, HeapWatch heap, PrintStream out) throws IOException {
        double[] ratios = rounds.stream().mapToDouble(Round::ratio).sorted().toArray();
        double[] pps = rounds.stream().mapToDouble(Round::ppThroughput).sorted().toArray();
        double[] ours = rounds.stream().mapToDouble(Round::oursMax).sorted().toArray();
        double median = median(ratios);
        Map<String, LoadMetric> metrics = new LinkedHashMap<>();
        metrics.put("injector.ratio.median", new LoadMetric(median, "ratio", Better.HIGHER));
        metrics.put("injector.ratio.min", new LoadMetric(ratios[0], "ratio", Better.HIGHER));
        metrics.put("injector.ratio.max", new LoadMetric(ratios[ratios.length - 1], "ratio", Better.HIGHER));
        metrics.put("producerPerformance.throughput.median", new LoadMetric(median(pps), "records/s", Better.HIGHER));
        metrics.put("sendAction.maxSustainable.median", new LoadMetric(median(ours), "records/s", Better.HIGHER));
        metrics.put("record.payloadBytes.mean", new LoadMetric(avgSize, "bytes", Better.LOWER));
        metrics.put("jvm.heap.maxUsed", new LoadMetric(Math.round(heap.maxUsedMb()), "MB", Better.LOWER));
        Check check = new Check("injector.ratio.median", Check.Kind.THRESHOLD,
                median < TARGET ? Check.State.BREACHED : Check.State.OK, median, TARGET, "<", "ratio",
                "send action's max sustained rate / ProducerPerformance's unthrottled throughput, median of "
                        + rounds.size() + " rounds");
        VerdictTable verdict = new VerdictTable(List.of(check));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rounds", rounds);
        details.put("ratios", Arrays.stream(ratios).boxed().toList());
        details.put("producerConfig", producer.toString());
        details.put("payload", String.format(Locale.ROOT, "the workload's encoded events, mean %.0f bytes; the send "
                + "action's records also carry the event headers (type, ids, times) and the run's three headers, "
                + "ProducerPerformance's none", avgSize));
        details.put("keys", "ProducerPerformance: random keys in [0, 40000) over one topic of " + partitions
                + " partitions; send action: aggregate ids over the four event topics (" + partitions
                + " partitions together)");
        details.put("method", "interleaved rounds in one JVM: ProducerPerformance unthrottled, then the send action "
                + "in open-model steps of " + Arrays.toString(LADDER) + " x that round's ProducerPerformance "
                + "throughput, " + STEP_SECONDS + " s each, judged over the last " + MEASURED_SECONDS + " s");
        details.put("note", "Measured on a shared 2-core machine while other builds ran: treat figures as noisy.");
        RunReport.write(dir, "injector-ratio", Instant.now(), 0, metrics, verdict, details);
        chart(dir.resolve("chart.png"), rounds);
        out.println();
        for (Round r : rounds) {
            out.printf(Locale.ROOT, "  round %d: ProducerPerformance %8.0f/s, send action %8.0f/s, ratio %.2f (%s)%n",
                    r.number(), r.ppThroughput(), r.oursMax(), r.ratio(), r.oursStop());
        }
        out.printf(Locale.ROOT, "[injector-ratio] send action / ProducerPerformance: median %.2f (min %.2f, max %.2f) "
                + "over %d rounds; target >= %.1f%n", median, ratios[0], ratios[ratios.length - 1], rounds.size(), TARGET);
        out.println(verdict.render());
        out.println("Results: " + dir.toAbsolutePath());
        if (!verdict.passed()) {
            System.err.println(verdict.failureMessage("injector-ratio"));
            return 1;
        }
        return 0;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void chart(Path png, List<Round> rounds) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(760).height(420)
                .title("send action vs ProducerPerformance, per round").xAxisTitle("round").yAxisTitle("records/s")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        List<String> labels = rounds.stream().map(r -> String.format(Locale.ROOT, "%d (%.2f x)", r.number(),
                r.ratio())).toList();
        chart.addSeries("ProducerPerformance (unthrottled)", labels,
                rounds.stream().map(Round::ppThroughput).toList());
        chart.addSeries("send action (highest sustained step)", labels, rounds.stream().map(Round::oursMax).toList());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Copies what ProducerPerformance prints to the console and keeps it for parsing. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
