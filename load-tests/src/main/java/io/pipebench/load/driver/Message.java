package io.pipebench.load.driver;

/**
 * One message a publisher is about to send.
 *
 * @param destination where it goes (a topic), for the request name in reports
 * @param key         the partitioning key
 * @param payload     what the driver sends: an event, or pre-encoded bytes
 */
public record Message<P>(String destination, String key, P payload) {
}
