package io.skiff.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.apiserver.pki.Pki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trusting a skiff server from its join token, as k3s's agents do: the cluster CA is downloaded without verification,
 * then accepted only if its hash is the one the token pins ({@code K10<sha256>::server:<secret>}); clients then
 * verify the server with that CA and authenticate with the token.
 */
final class ClusterCa {
  private ClusterCa() {}

  /** Downloads the CA and checks it against the token's pin before anything else trusts it. */
  static String fetch(URI serverUrl, String joinToken) throws Exception {
    String pinned = Pki.pinnedCaHash(joinToken).orElseThrow(() -> new AgentCommand.JoinException(
        "the token does not have the shape K10<ca hash>::server:<secret> (take it from the server's DATA_DIR/token)", null));
    SSLContext any = SSLContext.getInstance("TLS");
    any.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    HttpResponse<String> r;
    try {
      r = HttpClient.newBuilder().sslContext(any).build().send(HttpRequest.newBuilder(serverUrl.resolve("/cacerts")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AgentCommand.JoinException("cannot reach the server at " + serverUrl + ": " + e.getMessage(), e);
    }
    if (r.statusCode() != 200) {
      throw new AgentCommand.JoinException("the server answered " + r.statusCode() + " for its CA certificate", null);
    }
    if (!Pki.sha256Hex(r.body()).equals(pinned)) {
      throw new AgentCommand.JoinException("the server's CA certificate does not match the token: wrong server, or wrong token", null);
    }
    return r.body();
  }

  static SSLContext sslTrusting(String caPem) throws Exception {
    X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8)));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  /** A fabric8 client for the server, verifying it with {@code caPem} and authenticating with the token; watches over HTTP. */
  static KubernetesClient client(URI serverUrl, String joinToken, String caPem) {
    Config config = new ConfigBuilder().withMasterUrl(serverUrl.toString()).withOauthToken(joinToken).withCaCertData(
        java.util.Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8))).build();
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
