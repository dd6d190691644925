package io.pipebench.cluster;

import io.pipebench.secrets.Credentials;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client listener of a cluster this process starts, secured as MSK's: SASL_SSL with SCRAM-SHA-512, or TLS with
 * client certificates (mTLS); with Kafka's StandardAuthorizer, so a principal can do only what its ACLs allow.
 *
 * <p>At start a CA and one broker certificate (for 127.0.0.1) are generated under {@code <data dir>/tls}. Each
 * {@link ClientRole} gets a principal of its own when first asked for: a SCRAM user created through the Admin API
 * with a random password, or a client certificate whose common name is the principal; then its ACLs. Provisioning
 * goes through the brokers' INTERNAL listener (PLAINTEXT, loopback, inter-broker traffic): its anonymous principal is a
 * super user, as the brokers and the controller must be to each other, so MSK's separate inter-broker encryption is
 * not reproduced and only the client listener's cost is measured.
 */
final class ListenerSecurity {

    static final String CLIENT_LISTENER = "EXTERNAL";
    static final String INTERNAL_LISTENER = "INTERNAL";
    static final String MECHANISM = "SCRAM-SHA-512";
    private static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterSecurity mode;
    private final Path directory;
    private final CertificateAuthority authority;
    /** One password for every key and trust store of this cluster: they live and die with it. */
    private final char[] storePassword = CertificateAuthority.randomPassword();
    private final Path trustStore;
    private final Path brokerKeyStore;
    private final Map<String, char[]> scramPasswords = new ConcurrentHashMap<>();
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();
    private final Set<AclBinding> granted = ConcurrentHashMap.newKeySet();
    private volatile String internalBootstrap;

    private ListenerSecurity(ClusterSecurity mode, Path directory) {
        this.mode = mode;
        this.directory = directory;
        this.authority = CertificateAuthority.create("pipebench-embedded-ca");
        this.trustStore = directory.resolve("truststore.p12");
        this.brokerKeyStore = directory.resolve("broker.p12");
        authority.writeTrustStore(trustStore, storePassword);
        authority.writePem(caCertificate());
        CertificateAuthority.writeKeyStore(authority.broker("broker"), brokerKeyStore, storePassword);
    }

    /** The certificates and stores of a secured cluster, under {@code <data dir>/tls}. */
    static ListenerSecurity create(ClusterSecurity mode, Path dataDirectory) {
        if (!mode.secured()) {
            throw new IllegalArgumentException("A " + mode + " cluster has no listener security");
        }
        return new ListenerSecurity(mode, dataDirectory.resolve("tls"));
    }

    ClusterSecurity mode() {
        return mode;
    }

    CertificateAuthority authority() {
        return authority;
    }

    Path trustStore() {
        return trustStore;
    }

    /** The CA's certificate as PEM, for clients configured from outside ({@code ssl.truststore.type=PEM}). */
    Path caCertificate() {
        return directory.resolve("ca.pem");
    }

    /** Where client key stores go; their password is the cluster's store password. */
    Path keyStore(String principal) {
        return directory.resolve("client-" + principal + ".p12");
    }

    char[] storePassword() {
        return storePassword.clone();
    }

    /** Authorizer settings of every node: ACLs enforced, the operator and the internal listener super users. */
    static Map<String, String> authorizerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:ANONYMOUS;User:" + ClientRole.ADMIN.principal());
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** The client listener's settings on a broker. */
    Map<String, String> brokerProperties() {
        String prefix = "listener.name." + CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        Map<String, String> p = new LinkedHashMap<>(authorizerProperties());
        p.put(prefix + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, brokerKeyStore.toAbsolutePath().toString());
        p.put(prefix + SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, new String(storePassword));
        p.put(prefix + SslConfigs.SSL_KEY_PASSWORD_CONFIG, new String(storePassword));
        p.put(prefix + SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        p.put(prefix + SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toAbsolutePath().toString());
        p.put(prefix + SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new String(storePassword));
        p.put(prefix + SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        if (mode == ClusterSecurity.MTLS) {
            p.put(prefix + "ssl.client.auth", "required");
            // The principal is the certificate's common name, not the whole distinguished name.
            p.put(prefix + "ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        } else {
            p.put(prefix + "sasl.enabled.mechanisms", MECHANISM);
            p.put(prefix + MECHANISM.toLowerCase(java.util.Locale.ROOT) + "." + SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        return p;
    }

    /** Called once the brokers are up: the operator's principal is created first, everything else through it. */
    void started(String internalBootstrap) {
        this.internalBootstrap = internalBootstrap;
        provision(ClientRole.ADMIN);
    }

    /** Client properties for the role's principal, creating the principal and its ACLs on first use. */
    Map<String, Object> clientProperties(String bootstrap, ClientRole role) {
        provision(role);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, mode.protocol());
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toAbsolutePath().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new String(storePassword));
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        if (mode == ClusterSecurity.MTLS) {
            p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keyStore(role.principal()).toAbsolutePath().toString());
            p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, new String(storePassword));
            p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, new String(storePassword));
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        } else {
            p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
            p.put(SaslConfigs.SASL_JAAS_CONFIG, ConnectionSettings.jaasConfig(role.principal(),
                    scramPasswords.get(role.principal())));
        }
        return p;
    }

    /**
     * A SCRAM user with a password of the caller's (scram-tls only), and the role's ACLs. The password is checked as
     * every credential is, before anything is sent: no control character.
     */
    void addScramUser(ClientRole role, String password) {
        if (mode != ClusterSecurity.SCRAM_TLS) {
            throw new IllegalStateException("SCRAM users exist on a scram-tls cluster only; this one is " + mode);
        }
        Credentials.requireNoControlCharacters("The password of " + role.principal(), password,
                IllegalArgumentException::new);
        synchronized (this) {
            upsertScram(role.principal(), password.toCharArray());
            grant(role);
            provisioned.add(role.principal());
        }
    }

    private synchronized void provision(ClientRole role) {
        if (!provisioned.contains(role.principal())) {
            if (mode == ClusterSecurity.MTLS) {
                CertificateAuthority.writeKeyStore(authority.client(role.principal()), keyStore(role.principal()),
                        storePassword);
            } else {
                upsertScram(role.principal(), CertificateAuthority.randomPassword());
            }
        }
        grant(role);
        provisioned.add(role.principal());
    }

    private void upsertScram(String user, char[] password) {
        withAdmin("create the SCRAM user " + user, admin -> admin.alterUserScramCredentials(List.of(
                new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        new String(password)))).all().get(PROVISION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        scramPasswords.put(user, password);
        awaitBrokersCaughtUp();
    }

    private void grant(ClientRole role) {
        List<AclBinding> missing = role.acls().stream().filter(acl -> !granted.contains(acl)).toList();
        if (missing.isEmpty()) {
            return;
        }
        withAdmin("grant the ACLs of " + role.principal(), admin -> admin.createAcls(missing).all()
                .get(PROVISION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        granted.addAll(missing);
        awaitBrokersCaughtUp();
    }

    /**
     * Waits until every broker has fetched the metadata log up to its high watermark: users and ACLs are committed by
     * the controller, and a client that authenticated before its broker saw them would be refused.
     */
    private void awaitBrokersCaughtUp() {
        long deadline = System.nanoTime() + PROVISION_TIMEOUT.toNanos();
        withAdmin("wait for the brokers to see new users and ACLs", admin -> {
            long target = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).highWatermark();
            while (true) {
                QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS);
                // A stopped broker stays listed for a while: only brokers fetching now are waited for.
                long now = System.currentTimeMillis();
                if (q.observers().stream().filter(r -> now - r.lastFetchTimestamp().orElse(0) < 5_000)
                        .allMatch(r -> r.logEndOffset() >= target)) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("brokers behind the metadata high watermark " + target + ": "
                            + q.observers());
                }
                Thread.sleep(20);
            }
        });
    }

    private interface AdminCall {
        Object call(Admin admin) throws Exception;
    }

    private void withAdmin(String what, AdminCall call) {
        String bootstrap = internalBootstrap;
        if (bootstrap == null) {
            throw new IllegalStateException("The cluster is not started: cannot " + what);
        }
        int ms = (int) PROVISION_TIMEOUT.toMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms))) {
            call.call(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException("Interrupted while trying to " + what);
        } catch (ExecutionException e) {
            throw new ClusterStartException("Could not " + what + ": " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new ClusterStartException("Could not " + what + ": " + e, e);
        }
    }
}
