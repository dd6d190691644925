package io.pipebench.load.driver.reference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.metrics.PipelineMeters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process observer reads the meters the consumers increment (GroupMemberRetryTest drops a dead letter for real
 * and checks the meter; VerdictsTest fails a run on the sample this figure becomes).
 */
class InProcessObserverTest {

    @Test
    void countsEveryGroupsDroppedDeadLettersAndZeroBeforeTheFirst() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineMeters meters = new PipelineMeters(registry);
        InProcessObserver observer = new InProcessObserver(registry);
        // Registered at the first drop: in this JVM an absent meter means none was dropped, not "unknown".
        assertThat(observer.droppedDeadLetters()).hasValue(0);
        meters.deadLetterDropped("genai-demo-audit");
        meters.deadLetterDropped("genai-demo-audit");
        meters.deadLetterDropped("genai-demo-analytics");
        assertThat(observer.droppedDeadLetters()).hasValue(3);
        // Sent dead letters are another figure: a dropped one never reached the topic.
        assertThat(observer.deadLetters()).hasValue(0);
        meters.messageProduced("dead-letter-queue");
        assertThat(observer.deadLetters()).hasValue(1);
        assertThat(observer.droppedDeadLetters()).hasValue(3);
    }
}
