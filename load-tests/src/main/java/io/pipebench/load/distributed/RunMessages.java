package io.pipebench.load.distributed;

import io.pipebench.load.driver.RunChannel.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the barrier and the merge read off a run channel's messages, pure: which injectors posted a type, the last of
 * each, and which are missing. Apart from the channel, so they need no broker to test.
 */
public final class RunMessages {

    private RunMessages() {
    }

    /** The injector indices of {@code type} messages among {@code messages}. */
    public static TreeSet<Integer> indices(List<Message> messages, String type) {
        TreeSet<Integer> out = new TreeSet<>();
        messages.stream().filter(m -> m.type().equals(type)).forEach(m -> out.add(m.index()));
        return out;
    }

    /** The last message of {@code type} per injector index. */
    public static Map<Integer, Message> last(List<Message> messages, String type) {
        Map<Integer, Message> out = new TreeMap<>();
        messages.stream().filter(m -> m.type().equals(type)).forEach(m -> out.put(m.index(), m));
        return out;
    }

    /** {@code 0..count-1} minus {@code present}: the injectors to name in a failure. */
    public static List<Integer> missing(int count, Set<Integer> present) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!present.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }
}
