package io.skiff.kubelet.event;

import static io.skiff.events.MockApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.skiff.events.EventPublisher;
import io.skiff.events.MockApi;
import io.skiff.events.OnClose;
import io.skiff.events.QueueSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Events a node's pod events become: source and reporting component {@code kubelet}, the node as host. */
class ApiEventRecorderTest {
  private final MockApi api = new MockApi();

  ApiEventRecorderTest() {
    api.server.expect().post().withPath("/api/v1/namespaces/ns/events")
        .andReturn(201, new EventBuilder().withNewMetadata().withNamespace("ns").withName("web.1").endMetadata().build()).always();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aContainerEventNamesTheContainerAndTheNode() throws Exception {
    try (ApiEventRecorder recorder = new ApiEventRecorder(api.client, "n1", api.clock)) {
      recorder.record(new PodEvent("ns", "web", "uid-1", "spec.containers{app}", EventType.Normal, "Started", "Started container app"));
      JsonNode e = body(api.next());
      assertThat(e.at("/metadata/name").asText()).startsWith("web.");
      assertThat(e.at("/involvedObject/kind").asText()).isEqualTo("Pod");
      assertThat(e.at("/involvedObject/apiVersion").asText()).isEqualTo("v1");
      assertThat(e.at("/involvedObject/namespace").asText()).isEqualTo("ns");
      assertThat(e.at("/involvedObject/name").asText()).isEqualTo("web");
      assertThat(e.at("/involvedObject/uid").asText()).isEqualTo("uid-1");
      assertThat(e.at("/involvedObject/fieldPath").asText()).isEqualTo("spec.containers{app}");
      assertThat(e.at("/type").asText()).isEqualTo("Normal");
      assertThat(e.at("/reason").asText()).isEqualTo("Started");
      assertThat(e.at("/message").asText()).isEqualTo("Started container app");
      assertThat(e.at("/source/component").asText()).isEqualTo("kubelet");
      assertThat(e.at("/source/host").asText()).isEqualTo("n1");
      assertThat(e.at("/reportingComponent").asText()).isEqualTo("kubelet");
      assertThat(e.at("/reportingInstance").asText()).isEqualTo("n1");
      assertThat(e.at("/firstTimestamp").asText()).isEqualTo("2025-01-01T00:00:00Z");
      assertThat(e.at("/count").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aPodEventHasNoFieldPath() throws Exception {
    try (ApiEventRecorder recorder = new ApiEventRecorder(api.client, "n1", api.clock)) {
      recorder.record(new PodEvent("ns", "web", "uid-1", "", EventType.Warning, "FailedMount", "MountVolume.SetUp failed"));
      JsonNode e = body(api.next());
      assertThat(e.at("/involvedObject").has("fieldPath")).isFalse();
      assertThat(e.at("/type").asText()).isEqualTo("Warning");
    }
  }

  @Test
  void nodesOnASharedPublisherEachNameTheirOwnHost() throws Exception {
    try (EventPublisher shared = new EventPublisher(api.client, api.clock, new QueueSettings("test-hollow-events", 16, 1, new OnClose.Drop()))) {
      ApiEventRecorder.onShared(shared, "hollow-1").record(new PodEvent("ns", "a", "uid-a", "", EventType.Normal, "Scheduled", "x"));
      ApiEventRecorder.onShared(shared, "hollow-2").record(new PodEvent("ns", "b", "uid-b", "", EventType.Normal, "Scheduled", "x"));
      Map<String, String> hostByPod = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        JsonNode e = body(api.next());
        hostByPod.put(e.at("/involvedObject/name").asText(), e.at("/source/host").asText());
        assertThat(e.at("/reportingInstance").asText()).isEqualTo(e.at("/source/host").asText());
      }
      assertThat(hostByPod).containsExactlyInAnyOrderEntriesOf(Map.of("a", "hollow-1", "b", "hollow-2"));
    }
  }
}
