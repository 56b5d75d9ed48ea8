package io.skiff.apiserver.server;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.skiff.apiserver.pki.Pki;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The API server's client for node agents' own HTTPS APIs (logs today; exec, attach and port-forward next), as
 * kube-apiserver's kubelet client: it presents the API server's client certificate and trusts only agents whose
 * serving certificate the cluster CA issued.
 */
final class AgentClient {
  private final HttpClient http;
  private final SSLContext ssl;

  AgentClient(Pki pki, Pki.Credential clientCredential) {
    try {
      char[] password = "skiff".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", clientCredential.key(), password, new Certificate[] {clientCredential.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", pki.caCertificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      this.ssl = ssl;
      this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up the node agent client", e);
    }
  }

  /** An answer from an agent: its status, content type and body stream (the caller closes it). */
  record Answer(int status, String contentType, InputStream body) {}

  /** GETs {@code path} with {@code query} from the agent of {@code node}. */
  Answer get(Node node, String path, Map<String, String> query) {
    URI uri = URI.create(baseUrl(node) + path + queryString(query));
    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
    try {
      HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse("text/plain"), r.body());
    } catch (IOException e) {
      throw new SkiffException.Unavailable("cannot reach the node agent of node \"" + node.getMetadata().getName() + "\" at " + uri.getHost() + ":"
          + uri.getPort() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Timeout("interrupted while reaching the node agent");
    }
  }

  /** Opens a TLS connection to the agent of {@code node} with the API server's client certificate. */
  javax.net.ssl.SSLSocket connect(Node node) {
    URI base = URI.create(baseUrl(node));
    try {
      javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ssl.getSocketFactory().createSocket();
      socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
      socket.setTcpNoDelay(true);
      socket.startHandshake();
      return socket;
    } catch (IOException e) {
      throw new SkiffException.Unavailable("cannot reach the node agent of node \"" + node.getMetadata().getName() + "\" at " + base.getHost() + ":"
          + base.getPort() + ": " + e.getMessage(), e);
    }
  }

  private static String baseUrl(Node node) {
    String address = null;
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress a : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(a.getType())) {
          address = a.getAddress();
          break;
        }
      }
    }
    Integer port = node.getStatus() == null || node.getStatus().getDaemonEndpoints() == null
        || node.getStatus().getDaemonEndpoints().getKubeletEndpoint() == null ? null
        : node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
    if (address == null || port == null || port == 0) {
      throw new SkiffException.Unavailable("node \"" + node.getMetadata().getName() + "\" publishes no agent address (InternalIP and "
          + "status.daemonEndpoints.kubeletEndpoint.Port)", null);
    }
    return "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }

  private static String queryString(Map<String, String> query) {
    StringJoiner j = new StringJoiner("&", "?", "");
    j.setEmptyValue("");
    query.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }
}
