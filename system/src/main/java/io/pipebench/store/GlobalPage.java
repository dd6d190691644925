package io.pipebench.store;

import java.util.List;

/** One page of the global log and the cursor to read the next page from (unchanged when the page is empty). */
public record GlobalPage(List<StoredEvent> events, GlobalCursor next) {

    public GlobalPage {
        events = List.copyOf(events);
    }
}
