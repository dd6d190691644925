package io.pipebench.faults;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * What one fault run wrote to its JSON file. {@code recoverySeconds} and {@code peakLag} are null when there is no such
 * figure (never recovered, never measured), not 0. The verdict is PASS only with something acknowledged, nothing lost,
 * no duplicate row, nothing left unprocessed, no dead letter, the groups drained and the lag recovered.
 *
 * @param lagGroups   the groups whose summed lag follows the worst in each point of the timeline, in order
 * @param lagTimeline per lag sample: [seconds since publishing started, the worst group's summed lag, then each
 *                    group's in {@code lagGroups} order]; null where a lag was not measured
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FaultRunReport(String fault, String runId, String startedAt, String cluster, String sabotage,
                             double rate, double seconds, double faultAtSeconds, double faultSeconds,
                             String faultTarget, long acked, long publishFailed, long stored, long lost,
                             long duplicates, long storedNotAcked, Map<String, Long> notProcessed,
                             long deadLetteredByFault, long deadLettersBeforeFault,
                             Map<String, Long> deadLetterReasons, Double recoverySeconds, Long peakLag,
                             long lagThreshold, boolean drained, double drainSeconds,
                             Map<String, Long> memberFailures, String verdict, List<String> reasons,
                             List<String> lagGroups, List<List<Double>> lagTimeline) {

    public static final String PASS = "PASS";
    public static final String FAIL = "FAIL";

    public boolean passed() {
        return PASS.equals(verdict);
    }
}
