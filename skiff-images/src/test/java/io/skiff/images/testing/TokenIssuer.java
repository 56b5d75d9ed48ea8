package io.skiff.images.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A minimal token service for distribution's token authentication, on the JDK HTTP server: it checks Basic
 * credentials (when configured), and signs a JWT (RS256, certificate in {@code x5c}) granting pull and push on the
 * requested repository. The signing key and self-signed certificate are made with {@code openssl}; the registry
 * trusts the certificate through {@code rootcertbundle}.
 */
public final class TokenIssuer implements AutoCloseable {
  public static final String SERVICE = "skiff-test-registry";
  public static final String ISSUER = "skiff-test-issuer";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final PrivateKey key;
  private final String certDer;
  private final Path certFile;
  private final String user;
  private final String password;
  private final List<String> scopesRequested = new CopyOnWriteArrayList<>();

  /** A token service; {@code user} null means anyone gets a token. */
  public TokenIssuer(Path dir, String user, String password) throws Exception {
    this.user = user;
    this.password = password;
    Path keyFile = dir.resolve("issuer.key");
    this.certFile = dir.resolve("issuer.crt");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile.toString(),
        "-out", certFile.toString(), "-days", "2", "-subj", "/CN=" + ISSUER).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl failed: " + out);
    }
    String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    try (var in = Files.newInputStream(certFile)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      this.certDer = Base64.getEncoder().encodeToString(cert.getEncoded());
    }
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/token", this::issue);
    server.start();
  }

  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  public Path certificate() {
    return certFile;
  }

  /** The scopes asked for so far. */
  public List<String> scopesRequested() {
    return List.copyOf(scopesRequested);
  }

  private void issue(HttpExchange ex) throws IOException {
    try (ex) {
      if (user != null) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
          ex.sendResponseHeaders(401, -1);
          return;
        }
      }
      List<String[]> access = new ArrayList<>();
      String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      for (String kv : query.split("&")) {
        if (kv.startsWith("scope=")) {
          String scope = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
          scopesRequested.add(scope);
          String[] parts = scope.split(":");
          if (parts.length == 3) {
            access.add(parts);
          }
        }
      }
      byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("token", jwt(access)).put("expires_in", 300));
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    } catch (Exception e) {
      ex.sendResponseHeaders(500, -1);
    }
  }

  private String jwt(List<String[]> access) throws Exception {
    ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
    header.putArray("x5c").add(certDer);
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", user == null ? "anonymous" : user)
        .put("aud", SERVICE).put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
    ArrayNode acc = claims.putArray("access");
    for (String[] a : access) {
      ObjectNode o = acc.addObject().put("type", a[0]).put("name", a[1]);
      ArrayNode actions = o.putArray("actions");
      actions.add("pull");
      actions.add("push");
    }
    String signingInput = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64(s.sign());
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
