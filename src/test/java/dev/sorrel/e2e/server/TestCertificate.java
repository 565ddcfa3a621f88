package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost and 127.0.0.1 made for a test with
 * the JDK's keytool, written as the PEM files a server takes: the certificate
 * ({@code server.crt}, also what a client trusts) and its PKCS#8 key
 * ({@code server.key}).
 *
 * @param cert the certificate's PEM file
 * @param key  the private key's PEM file
 */
record TestCertificate(Path cert, Path key) {
  static TestCertificate create(Path dir) throws Exception {
    final Path store = dir.resolve("server.p12");
    final Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "sorrel", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
        "-keypass", "changeit")).redirectErrorStream(true).start();
    final String output = new String(keytool.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8);
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
    final KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, "changeit".toCharArray());
    }
    final Certificate certificate = keyStore.getCertificate("sorrel");
    final PrivateKey privateKey = (PrivateKey) keyStore.getKey("sorrel", "changeit".toCharArray());
    final Path cert = dir.resolve("server.crt");
    final Path key = dir.resolve("server.key");
    Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded())); // PKCS#8
    return new TestCertificate(cert, key);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
