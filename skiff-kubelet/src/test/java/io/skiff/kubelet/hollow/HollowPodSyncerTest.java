package io.skiff.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.api.PodStatusWriter;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.kubelet.pod.PodPaths;
import io.skiff.kubelet.pod.RuntimePods;
import io.skiff.kubelet.status.StatusManager;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HollowPodSyncerTest {
  /** Remembers what would have gone to the API server. */
  static final class RecordingWriter implements PodStatusWriter {
    final List<PodStatus> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void writeStatus(String namespace, String name, PodStatus status) {
      statuses.add(status);
    }

    @Override
    public void deleteFinally(String namespace, String name, String uid) {
      deleted.add(namespace + "/" + name + "/" + uid);
    }
  }

  private final RecordingWriter writer = new RecordingWriter();
  private final StatusManager statuses = new StatusManager(writer);
  private final List<PodEvent> events = new ArrayList<>();
  private final HollowRuntime runtime = new HollowRuntime(InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")), new PodAddresses("10.64.7"));
  private final HollowPodSyncer syncer = new HollowPodSyncer("10.254.0.7", runtime,
      new RuntimePods(runtime, new PodPaths(Path.of("/nonexistent/hollow-test"))), events::add, statuses,
      InstantSource.fixed(Instant.parse("2025-01-01T00:00:01Z")));

  static Pod pod() {
    return new PodBuilder().withNewMetadata().withNamespace("default").withName("web").withUid("uid-web").endMetadata()
        .withNewSpec().withNodeName("hollow-7").withRestartPolicy("Always")
        .addNewInitContainer().withName("setup").withImage("busybox:1.36").endInitContainer()
        .addNewContainer().withName("app").withImage("nginx:1.27").endContainer()
        .endSpec().withNewStatus().withPhase("Pending").withQosClass("BestEffort").endStatus().build();
  }

  /** One sync, then waits for the status manager's writer (it writes asynchronously). */
  private void sync(Pod pod) {
    syncer.sync(pod);
    statuses.flush(java.time.Duration.ofSeconds(5));
  }

  @Test
  void aNewPodRunsItsInitContainerToCompletionThenItsAppAndReportsRunning() {
    sync(pod());
    assertThat(events).extracting(e -> e.reason() + " " + e.fieldPath() + " " + e.message()).containsExactly(
        "Pulled spec.initContainers{setup} Container image \"busybox:1.36\" already present on machine",
        "Created spec.initContainers{setup} Created container: setup",
        "Started spec.initContainers{setup} Started container setup",
        "Pulled spec.containers{app} Container image \"nginx:1.27\" already present on machine",
        "Created spec.containers{app} Created container: app",
        "Started spec.containers{app} Started container app");
    assertThat(writer.statuses).hasSize(1);
    PodStatus s = writer.statuses.get(0);
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(s.getPodIP()).isEqualTo("10.64.7.1");
    assertThat(s.getHostIP()).isEqualTo("10.254.0.7");
    assertThat(s.getInitContainerStatuses()).singleElement().satisfies(c -> {
      assertThat(c.getState().getTerminated().getReason()).isEqualTo("Completed");
      assertThat(c.getContainerID()).startsWith("hollow://");
    });
    ContainerStatus app = s.getContainerStatuses().get(0);
    assertThat(app.getState().getRunning()).isNotNull();
    assertThat(app.getReady()).isTrue();
    assertThat(app.getImageID()).startsWith("sha256:");
    assertThat(s.getConditions()).filteredOn(c -> c.getType().equals("Ready")).singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
  }

  @Test
  void anUnchangedPodIsNotWrittenAgainButAReadinessChangedByOthersIsRestored() {
    sync(pod());
    Pod reported = new PodBuilder(pod()).withStatus(writer.statuses.get(0)).build();
    sync(reported);
    assertThat(writer.statuses).hasSize(1);
    Pod markedNotReady = new PodBuilder(reported).editStatus().editMatchingCondition(c -> c.getType().equals("Ready")).withStatus("False")
        .endCondition().endStatus().build();
    sync(markedNotReady);
    assertThat(writer.statuses).hasSize(2);
    assertThat(writer.statuses.get(1).getConditions()).filteredOn(c -> c.getType().equals("Ready")).singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
  }

  @Test
  void aDeletedPodIsStoppedReportedAsFinishedAndItsDeletionCompleted() {
    sync(pod());
    events.clear();
    Pod deleting = new PodBuilder(pod()).editMetadata().withDeletionTimestamp("2025-01-01T00:00:30Z").withDeletionGracePeriodSeconds(30L)
        .endMetadata().build();
    sync(deleting);
    assertThat(events).extracting(e -> e.reason() + " " + e.message()).containsExactly("Killing Stopping container app");
    assertThat(writer.statuses.get(writer.statuses.size() - 1).getPhase()).isEqualTo("Succeeded");
    assertThat(writer.deleted).containsExactly("default/web/uid-web");
    syncer.forget("uid-web");
    assertThat(runtime.listSandboxes()).isEmpty();
  }
}
