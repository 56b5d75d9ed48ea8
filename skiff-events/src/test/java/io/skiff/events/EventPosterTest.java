package io.skiff.events;

import static io.skiff.events.MockApi.KUBELET;
import static io.skiff.events.MockApi.body;
import static io.skiff.events.MockApi.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests one event becomes: a create on first occurrence, a merge patch of the count on repeats. */
class EventPosterTest {
  private final MockApi api = new MockApi();
  private final EventPoster poster = new EventPoster(api.client, api.clock);

  @AfterEach
  void stop() {
    api.close();
  }

  private static Event named(String name) {
    return new EventBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata().build();
  }

  private void expectCreate(String name, int times) {
    api.server.expect().post().withPath("/api/v1/namespaces/default/events").andReturn(201, named(name)).times(times);
  }

  @Test
  void firstOccurrenceCreatesANamedEventWithItsSourceAndCountOne() throws Exception {
    expectCreate("web.1", 1);
    var involved = new ObjectReferenceBuilder(pod("web", "uid-1")).withResourceVersion("7").withFieldPath("spec.containers{c}").build();
    poster.post(new ObjectEvent(new EventSource("default-scheduler", null, "sched-1"), involved, pod("low", "uid-2"), "Warning",
        "FailedScheduling", "Scheduling", "0/1 nodes are available."));

    RecordedRequest r = api.next();
    assertThat(r.getMethod()).isEqualTo("POST");
    JsonNode e = body(r);
    assertThat(e.at("/metadata/name").asText()).isEqualTo("web." + Long.toHexString(1735689600123456789L));
    assertThat(e.at("/metadata/namespace").asText()).isEqualTo("default");
    assertThat(e.at("/involvedObject/uid").asText()).isEqualTo("uid-1");
    assertThat(e.at("/involvedObject/resourceVersion").asText()).isEqualTo("7");
    assertThat(e.at("/involvedObject/fieldPath").asText()).isEqualTo("spec.containers{c}");
    assertThat(e.at("/related/name").asText()).isEqualTo("low");
    assertThat(e.at("/type").asText()).isEqualTo("Warning");
    assertThat(e.at("/reason").asText()).isEqualTo("FailedScheduling");
    assertThat(e.at("/action").asText()).isEqualTo("Scheduling");
    assertThat(e.at("/message").asText()).isEqualTo("0/1 nodes are available.");
    assertThat(e.at("/source/component").asText()).isEqualTo("default-scheduler");
    assertThat(e.has("source") && e.get("source").has("host")).isFalse();
    assertThat(e.at("/reportingComponent").asText()).isEqualTo("default-scheduler");
    assertThat(e.at("/reportingInstance").asText()).isEqualTo("sched-1");
    assertThat(e.at("/firstTimestamp").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(e.at("/lastTimestamp").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(e.at("/count").asInt()).isEqualTo(1);
  }

  @Test
  void repeatedEventIsCountedOnTheFirst() throws Exception {
    expectCreate("web.1", 1);
    api.server.expect().patch().withPath("/api/v1/namespaces/default/events/web.1").andReturn(200, named("web.1")).times(2);
    ObjectEvent pulled = ObjectEvent.of(KUBELET, pod("web", "uid-1"), "Normal", "Pulled", "Container image \"busybox\" already present on machine");

    poster.post(pulled);
    api.advance(Duration.ofSeconds(30));
    poster.post(pulled);
    api.advance(Duration.ofSeconds(10));
    poster.post(pulled);

    assertThat(api.next().getMethod()).isEqualTo("POST");
    RecordedRequest second = api.next();
    assertThat(second.getMethod()).isEqualTo("PATCH");
    assertThat(second.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    JsonNode increment = body(second);
    assertThat(increment.at("/count").asInt()).isEqualTo(2);
    assertThat(increment.at("/lastTimestamp").asText()).isEqualTo("2025-01-01T00:00:30Z");
    JsonNode third = body(api.next());
    assertThat(third.at("/count").asInt()).isEqualTo(3);
    assertThat(third.at("/lastTimestamp").asText()).isEqualTo("2025-01-01T00:00:40Z");
  }

  @Test
  void repeatOfAnEventThatIsGoneCreatesANewOne() throws Exception {
    expectCreate("web.1", 1);
    expectCreate("web.2", 1);
    ObjectEvent event = ObjectEvent.of(KUBELET, pod("web", "uid-1"), "Warning", "BackOff", "Back-off restarting failed container");

    poster.post(event);
    poster.post(event);

    assertThat(api.next().getMethod()).isEqualTo("POST");
    assertThat(api.next().getMethod()).as("the patch of the gone event").isEqualTo("PATCH");
    RecordedRequest recreate = api.next();
    assertThat(recreate.getMethod()).isEqualTo("POST");
    assertThat(body(recreate).at("/count").asInt()).isEqualTo(1);
  }

  @Test
  void anotherMessageFieldPathOrHostIsAnotherEvent() throws Exception {
    expectCreate("web.1", 4);
    poster.post(ObjectEvent.of(KUBELET, pod("web", "uid-1"), "Normal", "Started", "Started container a"));
    poster.post(ObjectEvent.of(KUBELET, pod("web", "uid-1"), "Normal", "Started", "Started container b"));
    poster.post(ObjectEvent.of(KUBELET, new ObjectReferenceBuilder(pod("web", "uid-1")).withFieldPath("spec.containers{b}").build(),
        "Normal", "Started", "Started container b"));
    poster.post(ObjectEvent.of(new EventSource("kubelet", "n2", "n2"), pod("web", "uid-1"), "Normal", "Started", "Started container a"));

    for (int i = 0; i < 4; i++) {
      assertThat(api.next().getMethod()).isEqualTo("POST");
    }
  }

  @Test
  void eventsOfClusterScopedObjectsAreStoredInTheDefaultNamespace() throws Exception {
    expectCreate("n1.1", 1);
    var node = new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node").withName("n1").withUid("n1").build();
    poster.post(ObjectEvent.of(EventSource.component("node-controller"), node, "Normal", "RegisteredNode",
        "Node n1 event: Registered Node n1 in Controller"));

    RecordedRequest r = api.next();
    assertThat(r.getPath()).isEqualTo("/api/v1/namespaces/default/events");
    JsonNode e = body(r);
    assertThat(e.at("/involvedObject/kind").asText()).isEqualTo("Node");
    assertThat(e.at("/involvedObject").has("namespace")).isFalse();
    assertThat(e.at("/reportingInstance").asText()).isEqualTo("node-controller");
  }

  @Test
  void namesStayUniqueWhileTheClockStandsStill() throws Exception {
    expectCreate("web.1", 2);
    poster.post(ObjectEvent.of(KUBELET, pod("web", "uid-1"), "Normal", "Created", "Created container a"));
    poster.post(ObjectEvent.of(KUBELET, pod("web", "uid-1"), "Normal", "Created", "Created container b"));

    String first = body(api.next()).at("/metadata/name").asText();
    String second = body(api.next()).at("/metadata/name").asText();
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void aRefusedRepeatThrowsAndIsTriedAgainNextTime() throws Exception {
    expectCreate("web.1", 1);
    api.server.expect().patch().withPath("/api/v1/namespaces/default/events/web.1")
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("events is forbidden").build()).once();
    api.server.expect().patch().withPath("/api/v1/namespaces/default/events/web.1").andReturn(200, named("web.1")).once();
    ObjectEvent event = ObjectEvent.of(KUBELET, pod("web", "uid-1"), "Warning", "Unhealthy", "Liveness probe failed");
    poster.post(event);

    assertThatThrownBy(() -> poster.post(event)).isInstanceOf(KubernetesClientException.class);
    poster.post(event);

    api.next();
    api.next();
    assertThat(body(api.next()).at("/count").asInt()).as("the refused repeat is not counted").isEqualTo(2);
  }
}
