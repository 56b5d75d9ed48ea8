package io.skiff.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * fabric8's mock API server with a client, a clock that moves only when told, and helpers to read requests; in the
 * test-jar, for the tests of the modules' adapters.
 */
public final class MockApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final EventSource KUBELET = new EventSource("kubelet", "n1", "n1");

  public final KubernetesMockServer server = new KubernetesMockServer(false);
  public final KubernetesClient client;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00.123456789Z"));
  public final InstantSource clock = now::get;

  public MockApi() {
    server.init();
    client = server.createClient();
  }

  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  /** The next request the server received, waiting at most 5 s. */
  public RecordedRequest next() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request").isNotNull();
    return r;
  }

  /** A request's body as JSON; it can be read once. */
  public static JsonNode body(RecordedRequest r) throws Exception {
    return JSON.readTree(r.getUtf8Body());
  }

  public static ObjectReference pod(String name, String uid) {
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace("default").withName(name).withUid(uid).build();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
