package io.pipebench.load.distributed;

import io.pipebench.load.driver.RunChannel.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the barrier reads off a run channel, on plain messages: no broker. */
class RunMessagesTest {

    private static final List<Message> READ = List.of(message("ready/0", "a"), message("ready/2", "b"),
            message("file/2/summary.json", "{}"), message("failed/2", "first"), message("failed/2", "second"),
            message("done/0", "{}"));

    @Test
    void aKeyNamesItsTypeAndInjector() {
        assertThat(READ.get(2).type()).isEqualTo("file");
        assertThat(READ.get(2).index()).isEqualTo(2);
        assertThat(READ.get(3).text()).isEqualTo("first");
    }

    @Test
    void theInjectorsThatPostedATypeInOrder() {
        assertThat(RunMessages.indices(READ, Barrier.READY)).containsExactly(0, 2);
        assertThat(RunMessages.indices(READ, Barrier.ALIVE)).isEmpty();
    }

    @Test
    void theLastMessageOfATypePerInjector() {
        assertThat(RunMessages.last(READ, Barrier.FAILED)).containsOnlyKeys(2);
        assertThat(RunMessages.last(READ, Barrier.FAILED).get(2).text()).isEqualTo("second");
    }

    @Test
    void theInjectorsMissingFromACount() {
        assertThat(RunMessages.missing(4, RunMessages.indices(READ, Barrier.READY))).containsExactly(1, 3);
        assertThat(RunMessages.missing(2, Set.of())).containsExactly(0, 1);
        assertThat(RunMessages.missing(0, Set.of())).isEmpty();
    }

    private static Message message(String key, String text) {
        return new Message(key, text.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }
}
