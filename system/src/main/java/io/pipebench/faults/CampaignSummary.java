package io.pipebench.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * many runs passed and the spread of the recovery time (min, median, max; null where no run recovered).
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
        Map<String, List<FaultRunReport>> byFault = new TreeMap<>();
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
            byFault.computeIfAbsent(r.fault(), f -> new ArrayList<>()).add(r);
        }
        ObjectNode spread = root.putObject("recoveryByFault");
        byFault.forEach((fault, rs) -> {
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

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
