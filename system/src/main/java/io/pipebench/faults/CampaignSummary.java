package io.pipebench.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipebench.gate.report.Charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The campaign's summary.json from its run files, in issue 14's form ({@code {"runs":[{"fault":...,"acked":...,
 * "stored":...,"lost":0,"duplicates":0,"deadLetteredByFault":0,"recoverySeconds":...},...]}}) plus, per fault, how
 * many runs passed and the spread of the recovery time (min, median, max; null where no run recovered); beside it a
 * table per fault for a README and a chart of every run's recovery time.
 */
public final class CampaignSummary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<FaultRunReport> runs;

    private CampaignSummary(List<FaultRunReport> runs) {
        this.runs = List.copyOf(runs);
    }

    /** Every run file ({@code *.json} but summary.json) directly in the folder, oldest first. */
    public static CampaignSummary read(Path folder) {
        List<FaultRunReport> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("summary.json")).sorted().toList()) {
                runs.add(JSON.readValue(f.toFile(), FaultRunReport.class));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the fault runs in " + folder + ": " + e.getMessage(), e);
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("No fault run files (*.json) in " + folder);
        }
        runs.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
        return new CampaignSummary(runs);
    }

    public static CampaignSummary of(List<FaultRunReport> runs) {
        return new CampaignSummary(runs);
    }

    public List<FaultRunReport> runs() {
        return runs;
    }

    public boolean allPassed() {
        return runs.stream().allMatch(FaultRunReport::passed);
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("runs");
        for (FaultRunReport r : runs) {
            ObjectNode n = list.addObject();
            n.put("fault", r.fault());
            n.put("acked", r.acked());
            n.put("stored", r.stored());
            n.put("lost", r.lost());
            n.put("duplicates", r.duplicates());
            n.put("deadLetteredByFault", r.deadLetteredByFault());
            n.put("recoverySeconds", r.recoverySeconds());
            n.put("verdict", r.verdict());
            n.put("runId", r.runId());
        }
        ObjectNode spread = root.putObject("recoveryByFault");
        byFault().forEach((fault, rs) -> {
            ObjectNode n = spread.putObject(fault);
            n.put("runs", rs.size());
            n.put("passed", rs.stream().filter(FaultRunReport::passed).count());
            List<Double> seconds = rs.stream().map(FaultRunReport::recoverySeconds)
                    .filter(java.util.Objects::nonNull).sorted().toList();
            n.put("recovered", seconds.size());
            n.put("minSeconds", seconds.isEmpty() ? null : seconds.get(0));
            n.put("medianSeconds", seconds.isEmpty() ? null : median(seconds));
            n.put("maxSeconds", seconds.isEmpty() ? null : seconds.get(seconds.size() - 1));
        });
        return root;
    }

    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), toJson());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * summary.json, summary.md (one row per fault) and recovery.png (every run's recovery time) in the folder; the
     * files written. No chart when no run recovered (an older one is removed: it would describe other runs).
     */
    public List<Path> writeAll(Path folder) {
        write(folder.resolve("summary.json"));
        Path md = folder.resolve("summary.md");
        Path png = folder.resolve("recovery.png");
        try {
            Files.writeString(md, toMarkdown());
            Map<String, List<Double>> recovered = new java.util.LinkedHashMap<>();
            byFault().forEach((fault, rs) -> recovered.put(fault, rs.stream().map(FaultRunReport::recoverySeconds)
                    .filter(java.util.Objects::nonNull).toList()));
            Files.deleteIfExists(png);
            if (recovered.values().stream().anyMatch(s -> !s.isEmpty())) { // faults without a recovery: in summary.md
                Charts.strips("Recovery after each fault: every run (lag back under its alarm threshold)",
                        "seconds from the end of the fault", recovered, png);
                return List.of(folder.resolve("summary.json"), md, png);
            }
            return List.of(folder.resolve("summary.json"), md);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + md + " or " + png + ": " + e.getMessage(), e);
        }
    }

    /**
     * One row per fault: runs, passed, the sums a reader checks first (acknowledged, lost, duplicate rows, dead letters
     * caused by the fault) and the recovery spread. A run that never recovered counts in runs, not in the spread.
     */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder("| fault | runs | passed | acked (sum) | lost | duplicates | "
                + "dead-lettered by the fault | recovered | recovery s: min / median / max |\n"
                + "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        byFault().forEach((fault, rs) -> {
            List<Double> seconds = rs.stream().map(FaultRunReport::recoverySeconds)
                    .filter(java.util.Objects::nonNull).sorted().toList();
            md.append(String.format(java.util.Locale.ROOT, "| `%s` | %d | %d | %d | %d | %d | %d | %d | %s |\n",
                    fault, rs.size(), rs.stream().filter(FaultRunReport::passed).count(),
                    rs.stream().mapToLong(FaultRunReport::acked).sum(),
                    rs.stream().mapToLong(FaultRunReport::lost).sum(),
                    rs.stream().mapToLong(FaultRunReport::duplicates).sum(),
                    rs.stream().mapToLong(FaultRunReport::deadLetteredByFault).sum(), seconds.size(),
                    seconds.isEmpty() ? "-" : String.format(java.util.Locale.ROOT, "%.1f / %.1f / %.1f",
                            seconds.get(0), median(seconds), seconds.get(seconds.size() - 1))));
        });
        return md.toString();
    }

    private Map<String, List<FaultRunReport>> byFault() {
        Map<String, List<FaultRunReport>> byFault = new TreeMap<>();
        runs.forEach(r -> byFault.computeIfAbsent(r.fault(), f -> new ArrayList<>()).add(r));
        return byFault;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
