package io.pipebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.cluster.KafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --broker-property: applied to every broker of a cluster the command starts, refused where it cannot apply. */
class ClusterOptionsTest {

    @Test
    void aBrokerPropertyReachesEveryBrokerAndTheClusterDescriptionNamesIt() throws Exception {
        ClusterOptions options = new ClusterOptions();
        // values other than the embedded defaults (2 and 1), so that a property not applied fails the test
        new CommandLine(options).parseArgs("--broker-property", "num.io.threads=3",
                "--broker-property", " num.network.threads = 2");
        try (KafkaCluster cluster = options.open();
             Admin admin = Admin.create(cluster.connectionProperties())) {
            assertThat(cluster.describe()).contains("broker overrides {num.io.threads=3, num.network.threads=2}");
            List<Node> nodes = List.copyOf(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertThat(nodes).hasSize(3);
            for (Node node : nodes) {
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
                Config config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
                assertThat(config.get("num.io.threads").value()).as("broker " + node.id()).isEqualTo("3");
                assertThat(config.get("num.network.threads").value()).as("broker " + node.id()).isEqualTo("2");
            }
        }
    }

    @Test
    void aBrokerPropertyThatIsNotKeyValueIsRefusedBeforeAClusterStarts() {
        for (String bad : new String[] {"num.io.threads", "=2", " =2"}) {
            StringWriter err = new StringWriter();
            int code = PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                    "topics", "plan", "--broker-property", bad);
            assertThat(code).as(bad).isEqualTo(2);
            assertThat(err.toString()).as(bad).startsWith("pipebench: --broker-property '" + bad + "' is not "
                    + "KEY=VALUE; write it as, for example, --broker-property num.io.threads=2");
        }
    }

    @Test
    void anEmptyValueARepeatedKeyOrAPropertyThatMakesTheClusterAreRefusedBeforeItStarts() {
        String[][] cases = {
                {"num.io.threads=", "--broker-property num.io.threads has no value; write it as num.io.threads=VALUE"},
                {"node.id=7", "--broker-property node.id is set per node by the cluster itself"},
                {"log.dirs=/tmp/x", "--broker-property log.dirs is set per node by the cluster itself"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            int code = PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                    "topics", "plan", "--broker-property", c[0]);
            assertThat(code).as(c[0]).isEqualTo(2);
            assertThat(err.toString()).as(c[0]).startsWith("pipebench: " + c[1]);
        }
        StringWriter err = new StringWriter();
        int code = PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "topics", "plan", "--broker-property", "num.io.threads=2", "--broker-property", "num.io.threads=3");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("pipebench: --broker-property num.io.threads is given twice; give it once");
    }

    @Test
    void aForkedClusterGetsTheSameOverridesAsTheEmbeddedOne() {
        ClusterOptions options = new ClusterOptions();
        new CommandLine(options).parseArgs("--cluster", "forked", "--brokers", "2",
                "--broker-property", "num.io.threads=3");
        // the builder the fault command starts its forked cluster from: --brokers and every override applied
        assertThat(options.forkedBuilder()).extracting("brokers").isEqualTo(2);
        assertThat(options.forkedBuilder()).extracting("brokerOverrides")
                .isEqualTo(java.util.Map.of("num.io.threads", "3"));
    }

    @Test
    void aBrokerPropertyForAClusterThisCommandDoesNotStartIsRefusedNotIgnored() {
        StringWriter err = new StringWriter();
        int code = PipebenchCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "topics", "plan", "--cluster", "external", "--broker-property", "num.io.threads=2");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("pipebench: --broker-property applies to a cluster this command "
                + "starts (--cluster embedded or forked), not to --cluster external");
    }
}
