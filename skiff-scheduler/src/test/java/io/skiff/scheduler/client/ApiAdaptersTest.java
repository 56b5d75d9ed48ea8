package io.skiff.scheduler.client;

import static io.skiff.events.MockApi.body;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.skiff.common.SkiffException;
import io.skiff.events.EventPublisher;
import io.skiff.events.MockApi;
import io.skiff.events.OnClose;
import io.skiff.events.QueueSettings;
import io.skiff.scheduler.Fixtures.ManualClock;
import io.skiff.scheduler.cycle.NotScheduledReason;
import io.skiff.scheduler.cycle.SchedulerEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP requests of the binder, the event recorder and the status writer, against fabric8's mock API server. */
class ApiAdaptersTest {
  private final MockApi api = new MockApi();
  private final KubernetesMockServer server = api.server;
  private final KubernetesClient client = api.client;
  private final ManualClock clock = new ManualClock();
  private final Pod web = new PodBuilder(pod("web", "1", "1Gi").build()).editMetadata().withUid("uid-1").withResourceVersion("7")
      .endMetadata().build();

  @AfterEach
  void stop() {
    api.close();
  }

  private RecordedRequest next() throws InterruptedException {
    return api.next();
  }

  @Test
  void binderPostsABindingToThePodsBindingSubresource() throws Exception {
    server.expect().post().withPath("/api/v1/namespaces/default/pods/web/binding")
        .andReturn(201, new StatusBuilder().withStatus("Success").withCode(201).build()).once();
    new ApiBinder(client).bind(web, "n1");
    RecordedRequest r = next();
    assertThat(r.getMethod()).isEqualTo("POST");
    JsonNode b = body(r);
    assertThat(b.at("/kind").asText()).isEqualTo("Binding");
    assertThat(b.at("/metadata/name").asText()).isEqualTo("web");
    assertThat(b.at("/metadata/uid").asText()).isEqualTo("uid-1");
    assertThat(b.at("/target/kind").asText()).isEqualTo("Node");
    assertThat(b.at("/target/name").asText()).isEqualTo("n1");
  }

  @Test
  void binderTurnsAConflictIntoSkiffConflictAndAMissingPodIntoNotFound() {
    server.expect().post().withPath("/api/v1/namespaces/default/pods/web/binding").andReturn(409, new StatusBuilder()
        .withStatus("Failure").withCode(409).withReason("Conflict").withMessage("pod web is already assigned to node \"n2\"").build()).once();
    assertThatThrownBy(() -> new ApiBinder(client).bind(web, "n1")).isInstanceOf(SkiffException.Conflict.class);
    server.expect().post().withPath("/api/v1/namespaces/default/pods/web/binding").andReturn(404, new StatusBuilder()
        .withStatus("Failure").withCode(404).withReason("NotFound").withMessage("pods \"web\" not found").build()).once();
    assertThatThrownBy(() -> new ApiBinder(client).bind(web, "n1")).isInstanceOf(SkiffException.NotFound.class)
        .hasMessage("pods \"web\" not found");
  }

  private ApiEventRecorder recorder(String instance) {
    return new ApiEventRecorder(new EventPublisher(client, clock, new QueueSettings("test-events", 16, 1, new OnClose.Drain(Duration.ofSeconds(5)))),
        "default-scheduler", instance);
  }

  @Test
  void recorderCreatesAnEventAboutThePodThenCountsRepeats() throws Exception {
    Event created = new EventBuilder().withNewMetadata().withNamespace("default").withName("web.1").endMetadata().build();
    server.expect().post().withPath("/api/v1/namespaces/default/events").andReturn(201, created).once();
    server.expect().patch().withPath("/api/v1/namespaces/default/events/web.1").andReturn(200, created).once();
    try (ApiEventRecorder recorder = recorder("default-scheduler-host")) {
      recorder.record(web, SchedulerEvent.FailedScheduling, "0/1 nodes are available: 1 Insufficient memory.");
      JsonNode e = body(next());
      assertThat(e.at("/type").asText()).isEqualTo("Warning");
      assertThat(e.at("/reason").asText()).isEqualTo("FailedScheduling");
      assertThat(e.at("/action").asText()).isEqualTo("Scheduling");
      assertThat(e.at("/message").asText()).isEqualTo("0/1 nodes are available: 1 Insufficient memory.");
      assertThat(e.at("/source/component").asText()).isEqualTo("default-scheduler");
      assertThat(e.at("/source").has("host")).isFalse();
      assertThat(e.at("/reportingComponent").asText()).isEqualTo("default-scheduler");
      assertThat(e.at("/reportingInstance").asText()).isEqualTo("default-scheduler-host");
      assertThat(e.at("/count").asInt()).isEqualTo(1);
      assertThat(e.at("/firstTimestamp").asText()).isEqualTo("2025-01-01T00:00:00Z");
      assertThat(e.at("/involvedObject/kind").asText()).isEqualTo("Pod");
      assertThat(e.at("/involvedObject/apiVersion").asText()).isEqualTo("v1");
      assertThat(e.at("/involvedObject/name").asText()).isEqualTo("web");
      assertThat(e.at("/involvedObject/namespace").asText()).isEqualTo("default");
      assertThat(e.at("/involvedObject/uid").asText()).isEqualTo("uid-1");
      assertThat(e.at("/involvedObject/resourceVersion").asText()).isEqualTo("7");
      assertThat(e.has("related")).isFalse();
      assertThat(e.at("/metadata/name").asText()).startsWith("web.");

      clock.advance(Duration.ofSeconds(30));
      recorder.record(web, SchedulerEvent.FailedScheduling, "0/1 nodes are available: 1 Insufficient memory.");
      RecordedRequest patch = next();
      assertThat(patch.getMethod()).isEqualTo("PATCH");
      assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
      JsonNode increment = body(patch);
      assertThat(increment.at("/count").asInt()).isEqualTo(2);
      assertThat(increment.at("/lastTimestamp").asText()).isEqualTo("2025-01-01T00:00:30Z");
    }
  }

  @Test
  void recorderNamesTheVictimsPreemptorAsRelatedObject() throws Exception {
    Pod victim = new PodBuilder(pod("victim", "1", null).build()).editMetadata().withUid("uid-v").endMetadata().build();
    server.expect().post().withPath("/api/v1/namespaces/default/events")
        .andReturn(201, new EventBuilder().withNewMetadata().withNamespace("default").withName("victim.1").endMetadata().build()).once();
    try (ApiEventRecorder recorder = recorder("i")) {
      recorder.record(victim, web, SchedulerEvent.Preempted, "Preempted by pod uid-1 on node n1");
      JsonNode e = body(next());
      assertThat(e.at("/involvedObject/name").asText()).isEqualTo("victim");
      assertThat(e.at("/reason").asText()).isEqualTo("Preempted");
      assertThat(e.at("/action").asText()).isEqualTo("Preempting");
      assertThat(e.at("/related/kind").asText()).isEqualTo("Pod");
      assertThat(e.at("/related/name").asText()).isEqualTo("web");
      assertThat(e.at("/related/uid").asText()).isEqualTo("uid-1");
    }
  }

  @Test
  void statusWriterPatchesPodScheduledFalseKeepingOtherConditions() throws Exception {
    Pod withOther = new PodBuilder(web).editStatus().addNewCondition().withType("Example").withStatus("True").endCondition().endStatus().build();
    server.expect().patch().withPath("/api/v1/namespaces/default/pods/web/status").andReturn(200, withOther).once();
    new ApiPodStatusWriter(client, clock).markNotScheduled(withOther, NotScheduledReason.Unschedulable, "0/1 nodes are available.");
    RecordedRequest r = next();
    assertThat(r.getMethod()).isEqualTo("PATCH");
    assertThat(r.getHeader("Content-Type")).startsWith("application/strategic-merge-patch+json");
    JsonNode conditions = body(r).at("/status/conditions");
    assertThat(conditions).hasSize(2);
    assertThat(conditions.get(0).at("/type").asText()).isEqualTo("Example");
    JsonNode scheduled = conditions.get(1);
    assertThat(scheduled.at("/type").asText()).isEqualTo("PodScheduled");
    assertThat(scheduled.at("/status").asText()).isEqualTo("False");
    assertThat(scheduled.at("/reason").asText()).isEqualTo("Unschedulable");
    assertThat(scheduled.at("/message").asText()).isEqualTo("0/1 nodes are available.");
    assertThat(scheduled.at("/lastTransitionTime").asText()).isEqualTo("2025-01-01T00:00:00Z");
  }

  @Test
  void statusWriterSkipsAnUnchangedConditionAndKeepsTheTransitionTimeOfAnotherMessage() throws Exception {
    Pod marked = new PodBuilder(web).editStatus().addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
        .withMessage("old").withLastTransitionTime("2024-12-31T00:00:00Z").endCondition().endStatus().build();
    new ApiPodStatusWriter(client, clock).markNotScheduled(marked, NotScheduledReason.Unschedulable, "old");
    assertThat(server.getRequestCount()).isZero();

    server.expect().patch().withPath("/api/v1/namespaces/default/pods/web/status").andReturn(200, marked).once();
    new ApiPodStatusWriter(client, clock).markNotScheduled(marked, NotScheduledReason.Unschedulable, "new");
    JsonNode scheduled = body(next()).at("/status/conditions/0");
    assertThat(scheduled.at("/message").asText()).isEqualTo("new");
    assertThat(scheduled.at("/lastTransitionTime").asText()).isEqualTo("2024-12-31T00:00:00Z");
  }

  @Test
  void preemptorMarksTheVictimDisruptionTargetThenDeletesIt() throws Exception {
    Pod victim = new PodBuilder(pod("victim", "1", null).build()).editSpec().withNodeName("n1").endSpec().build();
    server.expect().patch().withPath("/api/v1/namespaces/default/pods/victim/status").andReturn(200, victim).once();
    server.expect().delete().withPath("/api/v1/namespaces/default/pods/victim").andReturn(200, victim).once();

    new ApiPreemptor(client, clock).preempt(victim, web, "n1");

    RecordedRequest patch = next();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getHeader("Content-Type")).startsWith("application/strategic-merge-patch+json");
    JsonNode condition = body(patch).at("/status/conditions/0");
    assertThat(condition.at("/type").asText()).isEqualTo("DisruptionTarget");
    assertThat(condition.at("/status").asText()).isEqualTo("True");
    assertThat(condition.at("/reason").asText()).isEqualTo("PreemptionByScheduler");
    assertThat(condition.at("/message").asText()).isEqualTo("default-scheduler: preempting to accommodate a higher priority pod");
    RecordedRequest delete = next();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getPath()).isEqualTo("/api/v1/namespaces/default/pods/victim");
  }

  @Test
  void preemptingAVictimThatIsAlreadyGoneSucceeds() {
    Pod victim = pod("gone", "1", null).build();
    server.expect().patch().withPath("/api/v1/namespaces/default/pods/gone/status")
        .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build()).once();

    new ApiPreemptor(client, clock).preempt(victim, web, "n1");

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void statusWriterSetsAndClearsTheNominatedNodeWithAMergePatch() throws Exception {
    server.expect().patch().withPath("/api/v1/namespaces/default/pods/web/status").andReturn(200, web).times(2);

    new ApiPodStatusWriter(client, clock).setNominatedNodeName(web, "n1");
    new ApiPodStatusWriter(client, clock).setNominatedNodeName(web, "");

    RecordedRequest set = next();
    assertThat(set.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(body(set).at("/status/nominatedNodeName").asText()).isEqualTo("n1");
    JsonNode cleared = body(next()).at("/status");
    assertThat(cleared.has("nominatedNodeName")).isTrue();
    assertThat(cleared.get("nominatedNodeName").isNull()).isTrue();
  }
}
