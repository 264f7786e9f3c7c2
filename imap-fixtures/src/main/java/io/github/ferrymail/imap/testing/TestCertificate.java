package io.github.ferrymail.imap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made with {@code openssl} for a test server, and the trust store that
 * trusts exactly it.
 *
 * @param certificateFile the certificate, PEM
 * @param keyFile the unencrypted private key, PEM
 * @param certificate the certificate, parsed
 */
record TestCertificate(Path certificateFile, Path keyFile, X509Certificate certificate) {

  /**
   * Makes a certificate valid for two days for the host name {@code dnsName} and, when {@code
   * ipAddress} is not blank, that address too (both as subject alternative names).
   */
  static TestCertificate generate(Path dir, String dnsName, String ipAddress) throws IOException {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    String san = "subjectAltName=DNS:" + dnsName + (ipAddress.isBlank() ? "" : ",IP:" + ipAddress);
    // An EC key: generated in milliseconds, unlike RSA, and accepted by Dovecot and the JDK.
    List<String> command =
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=" + dnsName,
            "-addext",
            san,
            "-keyout",
            key.toString(),
            "-out",
            cert.toString());
    Path output = dir.resolve("openssl.out");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("openssl is needed to make the test certificate", e);
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "openssl could not make the test certificate: "
                + Files.readString(output, StandardCharsets.ISO_8859_1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while openssl ran", e);
    }
    try (InputStream in = Files.newInputStream(cert)) {
      var parsed =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return new TestCertificate(cert, key, parsed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("openssl made a certificate the JDK cannot read", e);
    }
  }

  /** An in-memory PKCS12 trust store holding only this certificate. */
  KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ferry-test-server", certificate);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the trust store", e);
    }
  }

  /** A TLS context that trusts only this certificate. */
  SSLContext sslContext() {
    try {
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the TLS context", e);
    }
  }
}
