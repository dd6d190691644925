package io.pipebench.profile;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka's own metrics as this JVM's MBean server holds them: the brokers' request metrics (Yammer, shared by the
 * embedded brokers, so cluster totals) and the clients' metrics (one MBean per client id). Counters are read as
 * running totals; a profile takes the difference over its window.
 */
public final class KafkaMBeans {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private KafkaMBeans() {
    }

    /**
     * Running totals of the brokers in this JVM: {@code requests.API} and {@code requestBytes.API} per request API
     * (Fetch split by Kafka into FetchConsumer and FetchFollower), and messages and bytes in and out.
     */
    public static Map<String, Double> brokerTotals() {
        Map<String, Double> out = new TreeMap<>();
        for (ObjectName n : query("kafka.network:type=RequestMetrics,name=RequestsPerSec,*")) {
            out.merge("requests." + n.getKeyProperty("request"), number(n, "Count"), Double::sum);
        }
        for (ObjectName n : query("kafka.network:type=RequestMetrics,name=RequestBytes,*")) {
            out.merge("requestBytes." + n.getKeyProperty("request"), number(n, "Count") * number(n, "Mean"),
                    Double::sum);
        }
        for (String m : new String[] {"MessagesInPerSec", "BytesInPerSec", "BytesOutPerSec", "ReplicationBytesInPerSec",
                "ReplicationBytesOutPerSec"}) {
            for (ObjectName n : query("kafka.server:type=BrokerTopicMetrics,name=" + m)) {
                out.merge("broker." + m.replace("PerSec", ""), number(n, "Count"), Double::sum);
            }
        }
        return out;
    }

    /** A client metric summed over the client ids starting with the prefix; NaN when no such client exists. */
    public static double client(String domain, String type, String clientIdPrefix, String attribute) {
        double sum = Double.NaN;
        for (ObjectName n : query(domain + ":type=" + type + ",client-id=*")) {
            if (n.getKeyProperty("client-id").startsWith(clientIdPrefix)) {
                double v = number(n, attribute);
                if (!Double.isNaN(v)) {
                    sum = Double.isNaN(sum) ? v : sum + v;
                }
            }
        }
        return sum;
    }

    /** A client metric averaged over the client ids starting with the prefix (for the windowed *-avg metrics). */
    public static double clientMean(String domain, String type, String clientIdPrefix, String attribute) {
        double sum = 0;
        int n = 0;
        for (ObjectName o : query(domain + ":type=" + type + ",client-id=*")) {
            if (o.getKeyProperty("client-id").startsWith(clientIdPrefix)) {
                double v = number(o, attribute);
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static java.util.Set<ObjectName> query(String pattern) {
        try {
            return SERVER.queryNames(new ObjectName(pattern), null);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(pattern, e);
        }
    }

    /** The attribute as a number; NaN when it is missing or not a number (never silently zero). */
    private static double number(ObjectName n, String attribute) {
        try {
            return SERVER.getAttribute(n, attribute) instanceof Number v ? v.doubleValue() : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
