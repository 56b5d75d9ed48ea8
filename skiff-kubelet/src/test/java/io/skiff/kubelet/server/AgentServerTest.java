package io.skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.kubelet.logs.LogLookup;
import io.skiff.kubelet.logs.LogTarget;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentServerTest {
  @TempDir Path dir;
  private AgentServer server;
  private KeyPair caKeys;
  private X509Certificate ca;

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private X509Certificate issue(String cn, KeyPair subject, KeyPair signer, X509Certificate issuer, boolean isCa) throws Exception {
    Instant now = Instant.now();
    X500Name issuerName = issuer == null ? new X500Name("CN=" + cn) : new X500Name(issuer.getSubjectX500Principal().getName());
    var b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
        Date.from(now.plusSeconds(3600)), new X500Name("CN=" + cn), subject.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
  }

  @BeforeEach
  void start() throws Exception {
    caKeys = ecKeys();
    ca = issue("test-ca", caKeys, caKeys, null, true);
    Path caPem = Files.writeString(dir.resolve("ca.crt"), pem(ca));
    Path log = Files.writeString(dir.resolve("0.log"), "2026-01-01T00:00:01Z stdout F hello\n2026-01-01T00:00:02Z stdout F world\n");
    server = AgentServer.start(new AgentServerConfig("127.0.0.1", 0, caPem, null, null), (ns, pod, container, previous) -> {
      if (!pod.equals("web")) {
        return new LogLookup.PodNotFound("pods \"" + pod + "\" not found");
      }
      if (previous) {
        return new LogLookup.Unavailable("previous terminated container \"" + container + "\" in pod \"web\" not found");
      }
      return new LogLookup.Found(new LogTarget(log, () -> false));
    }, null, () -> "# TYPE skiff_test counter\nskiff_test 1\n", InstantSource.system(), "node-a", List.of("127.0.0.1"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path, X509Certificate cert, KeyPair keys) throws Exception {
    KeyManagerFactory kmf = null;
    if (cert != null) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("c", keys.getPrivate(), "x".toCharArray(), new Certificate[] {cert});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "x".toCharArray());
    }
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    try (HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build()) {
      return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void servesContainerLogsToAClientOfTheCa() throws Exception {
    KeyPair keys = ecKeys();
    X509Certificate client = issue("skiff-apiserver", keys, caKeys, ca, false);
    HttpResponse<String> r = get("/containerLogs/default/web/app?tailLines=1&timestamps=true", client, keys);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.body()).isEqualTo("2026-01-01T00:00:02Z world\n");
    assertThat(get("/containerLogs/default/web/app", client, keys).body()).isEqualTo("hello\nworld\n");
    assertThat(get("/containerLogs/default/other/app", client, keys).statusCode()).isEqualTo(404);
    HttpResponse<String> previous = get("/containerLogs/default/web/app?previous=true", client, keys);
    assertThat(previous.statusCode()).isEqualTo(400);
    assertThat(previous.body()).isEqualTo("previous terminated container \"app\" in pod \"web\" not found\n");
    assertThat(get("/containerLogs/default/web/app?tailLines=x", client, keys).statusCode()).isEqualTo(400);
    assertThat(get("/healthz", client, keys).body()).isEqualTo("ok\n");
  }

  @Test
  void servesMetricsInPrometheusTextFormat() throws Exception {
    KeyPair keys = ecKeys();
    X509Certificate client = issue("skiff-apiserver", keys, caKeys, ca, false);
    HttpResponse<String> r = get("/metrics", client, keys);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body()).isEqualTo("# TYPE skiff_test counter\nskiff_test 1\n");
  }

  @Test
  void refusesClientsWithoutACertificateOrWithAnotherCasCertificate() throws Exception {
    assertThatThrownBy(() -> get("/healthz", null, null)).isInstanceOf(IOException.class);
    KeyPair otherCa = ecKeys();
    X509Certificate other = issue("other-ca", otherCa, otherCa, null, true);
    KeyPair keys = ecKeys();
    X509Certificate stranger = issue("stranger", keys, otherCa, other, false);
    assertThatThrownBy(() -> get("/healthz", stranger, keys)).isInstanceOf(IOException.class);
  }
}
