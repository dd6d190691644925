package io.pipebench.cluster;

import io.pipebench.secrets.OwnerOnlyFiles;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A certificate authority of one cluster's life: a self-signed CA, and certificates it signs for brokers (server,
 * with the loopback address as subject alternative name, so clients keep hostname verification on) and for clients
 * (their common name is their Kafka principal under mTLS). RSA 2048 and SHA-256, as AWS Private CA issues for MSK.
 * Key stores and trust stores are PKCS12 files, readable by their owner only.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LIFETIME = Duration.ofDays(2);

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new CA named {@code CN=<name>}, valid from an hour ago for two days. */
    public static CertificateAuthority create(String name) {
        try {
            KeyPair keys = rsa();
            X500Name subject = new X500Name("CN=" + name);
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LIFETIME)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(name, keys, sign(b, keys));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Could not create the certificate authority " + name + ": " + e, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A key and certificate signed by this CA. */
    public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {
    }

    /** A broker certificate for the loopback listeners, valid now. */
    public Issued broker(String commonName) {
        Instant now = Instant.now();
        return issue(commonName, now.minus(Duration.ofHours(1)), now.plus(LIFETIME), true);
    }

    /** A client certificate for mTLS, valid now; its common name is the client's principal. */
    public Issued client(String commonName) {
        Instant now = Instant.now();
        return issue(commonName, now.minus(Duration.ofHours(1)), now.plus(LIFETIME), false);
    }

    /** A client certificate valid only between the two instants (an expired one, for tests). */
    public Issued client(String commonName, Instant notBefore, Instant notAfter) {
        return issue(commonName, notBefore, notAfter, false);
    }

    private Issued issue(String commonName, Instant notBefore, Instant notAfter, boolean server) {
        try {
            KeyPair pair = rsa();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + commonName), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(server
                            ? new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                            : new KeyPurposeId[]{KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(pair.getPublic()));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.iPAddress, KraftNodeConfig.LOOPBACK),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new Issued(pair, sign(b, keys), certificate);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Could not issue a certificate for CN=" + commonName + ": " + e, e);
        }
    }

    /** Writes a PKCS12 trust store holding this CA's certificate. */
    public void writeTrustStore(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca-" + name, certificate);
            write(store, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not write the trust store " + file + ": " + e, e);
        }
    }

    /** Writes this CA's certificate as PEM: a trust store other tools read without a password (type PEM). */
    public void writePem(Path file) {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[]{'\n'})
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, pem);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not write the CA certificate " + file + ": " + e, e);
        }
    }

    /** Writes a PKCS12 key store holding the issued key and its chain (certificate, then this CA's). */
    public static void writeKeyStore(Issued issued, Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", issued.keys().getPrivate(), password,
                    new Certificate[]{issued.certificate(), issued.issuer()});
            write(store, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not write the key store " + file + ": " + e, e);
        }
    }

    private static void write(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try (OutputStream out = Files.newOutputStream(OwnerOnlyFiles.create(file))) {
            store.store(out, password);
        }
    }

    /** A random password for a store or a principal: 24 bytes, URL-safe base64. */
    public static char[] randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }
}
