package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every refusal is a Status object with Kubernetes' code and reason, and a refused request leaves nothing behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Path dataDir;
  private ControlPlane plane;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    dataDir = Files.createTempDirectory("skiff-bad-input-it");
    plane = ControlPlane.start(new ControlPlane.Config(dataDir, "127.0.0.1", 0, null));
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig()))).build();
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    plane.close();
    TestFiles.deleteTree(dataDir);
  }

  private record Answer(int code, JsonNode body) {}

  private Answer send(String method, String path, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b = client.getHttpClient().newHttpRequestBuilder().uri(plane.url() + path);
    if (body != null) {
      b.method(method, contentType, new String(body, StandardCharsets.UTF_8));
    } else {
      b.method(method, null, null);
    }
    HttpResponse<byte[]> r = client.getHttpClient().sendAsync(b.build(), byte[].class).get(30, TimeUnit.SECONDS);
    return new Answer(r.code(), r.body() == null || r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  private static void assertStatus(Answer a, int code, String reason) {
    assertThat(a.code()).isEqualTo(code);
    assertThat(a.body().path("kind").asText()).isEqualTo("Status");
    assertThat(a.body().path("code").asInt()).isEqualTo(code);
    assertThat(a.body().path("reason").asText()).isEqualTo(reason);
  }

  @Test
  void malformedJsonIsABadRequestNamingThePosition() throws Exception {
    Answer a = send("POST", "/api/v1/namespaces/default/configmaps", "application/json", "{\"metadata\": {\"name\": \"x\",,}}".getBytes());
    assertStatus(a, 400, "BadRequest");
    assertThat(a.body().path("message").asText()).containsPattern("line \\d+, column \\d+");
    assertThat(client.configMaps().inNamespace("default").withName("x").get()).isNull();
  }

  @Test
  void bodyOverThreeMebibytesIsTooLarge() throws Exception {
    byte[] big = ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + "x".repeat(3 * 1024 * 1024 + 10)
        + "\"}}").getBytes(StandardCharsets.UTF_8);
    assertStatus(send("POST", "/api/v1/namespaces/default/configmaps", "application/json", big), 413, "RequestEntityTooLarge");
    assertThat(client.configMaps().inNamespace("default").withName("big").get()).isNull();
  }

  @Test
  void unknownResourceAndNamespaceAreNotFound() throws Exception {
    assertStatus(send("GET", "/api/v1/namespaces/default/widgets", null, null), 404, "NotFound");
    Answer ns = send("POST", "/api/v1/namespaces/nowhere/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}".getBytes());
    assertStatus(ns, 404, "NotFound");
    assertThat(ns.body().path("message").asText()).isEqualTo("namespaces \"nowhere\" not found");
  }

  @Test
  void wrongVerbIsMethodNotAllowed() throws Exception {
    assertStatus(send("PUT", "/api/v1/namespaces/default/configmaps", "application/json", "{}".getBytes()), 405, "MethodNotAllowed");
  }

  @Test
  void nameThatIsNotADnsSubdomainIsInvalid() throws Exception {
    Answer a = send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Not_Valid\"}}".getBytes());
    assertStatus(a, 422, "Invalid");
    assertThat(a.body().path("details").path("causes").get(0).path("field").asText()).isEqualTo("metadata.name");
    assertThat(client.configMaps().inNamespace("default").list().getItems()).noneMatch(c -> c.getMetadata().getName().equals("Not_Valid"));
  }

  @Test
  void requestWithoutCredentialsIsUnauthorized() throws Exception {
    try (KubernetesClient anonymous = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(plane.url()).withTrustCerts(true).build()).build()) {
      HttpResponse<byte[]> r = anonymous.getHttpClient().sendAsync(anonymous.getHttpClient().newHttpRequestBuilder()
          .uri(plane.url() + "/api/v1/namespaces").build(), byte[].class).get(30, TimeUnit.SECONDS);
      assertThat(r.code()).isEqualTo(401);
      assertThat(JSON.readTree(r.body()).path("reason").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void dryRunCreatesNothing() throws Exception {
    Answer a = send("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dry\"}}".getBytes());
    assertThat(a.code()).isEqualTo(201);
    assertThat(client.configMaps().inNamespace("default").withName("dry").get()).isNull();
  }

  @Test
  void watchFromACompactedRevisionAnswersExpired() throws Exception {
    var first = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("old").endMetadata()
        .build()).create();
    for (int i = 0; i < 3; i++) {
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("churn-" + i).endMetadata()
          .build()).create();
    }
    plane.compact(Long.parseLong(first.getMetadata().getResourceVersion()) + 2);
    // the watch cache's window is trimmed with the store: the first revision is gone
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
        .uri(plane.url() + "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&resourceVersion=" + first.getMetadata().getResourceVersion())
        .build();
    String body = new String(client.getHttpClient().sendAsync(request, byte[].class).get(30, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8);
    JsonNode event = JSON.readTree(body.lines().findFirst().orElseThrow());
    assertThat(event.path("type").asText()).isEqualTo("ERROR");
    assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
    assertThat(event.path("object").path("reason").asText()).isEqualTo("Expired");
  }

  @Test
  void watchWithBookmarksEndsAtItsTimeout() throws Exception {
    var list = client.configMaps().inNamespace("default").list();
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
        .uri(plane.url() + "/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion="
            + list.getMetadata().getResourceVersion())
        .build();
    HttpResponse<byte[]> r = client.getHttpClient().sendAsync(request, byte[].class).get(30, TimeUnit.SECONDS);
    assertThat(r.code()).isEqualTo(200);
  }

  @Test
  void webSocketWatchRequestGetsACompleteAnswerSoClientsWatchOverHttp() throws Exception {
    // The JDK's HTTP client refuses to send an Upgrade header, so this asks with curl, as a WebSocket client would.
    Path tls = dataDir.resolve("tls");
    Process curl = new ProcessBuilder("curl", "-sk", "--http1.1", "-m", "10", "--cert", tls.resolve("client-admin.crt").toString(),
        "--key", tls.resolve("client-admin.key").toString(), "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
        "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "-w", "\n%{http_code}",
        plane.url() + "/api/v1/namespaces/default/configmaps?watch=true").redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor()).as(out).isZero();
    String[] parts = out.strip().split("\n");
    assertThat(parts[parts.length - 1]).isEqualTo("200");
    JsonNode body = JSON.readTree(parts[0]);
    assertThat(body.path("kind").asText()).isEqualTo("Status");
    assertThat(body.path("message").asText()).contains("streaming HTTP");
  }
}
