package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The probe worker's state machine (the kubelet's doProbe), driven by hand with a fake clock and scripted probe results. */
class ProbeWorkerTest {
  private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeClock clock = new FakeClock(STARTED);
  private final AtomicReference<PodStatus> status = new AtomicReference<>();
  private final Deque<Optional<ProbeResult>> script = new ArrayDeque<>();
  private final List<String> probed = new ArrayList<>();
  private final List<String> changes = new ArrayList<>();
  private final ProbeResults results = new ProbeResults(changes::add);
  private final ProbeRunner runner = (type, pod, container, podIp, containerId) -> {
    probed.add(type + " " + containerId + " " + podIp);
    return script.isEmpty() ? Optional.of(ProbeResult.SUCCESS) : script.poll();
  };

  private static Probe probe(int initialDelay, int success, int failure) {
    return new ProbeBuilder().withNewExec().withCommand("true").endExec().withInitialDelaySeconds(initialDelay).withPeriodSeconds(1)
        .withSuccessThreshold(success).withFailureThreshold(failure).build();
  }

  private static Pod pod(String restartPolicy, Container c) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("uid-1").endMetadata()
        .withNewSpec().withRestartPolicy(restartPolicy).withContainers(c).endSpec().build();
  }

  private ProbeWorker worker(ProbeType type, Pod pod) {
    return new ProbeWorker(type, pod, pod.getSpec().getContainers().get(0), results, runner, uid -> Optional.ofNullable(status.get()), clock);
  }

  private void running(String id, boolean started) {
    ContainerStatus cs = new ContainerStatusBuilder().withName("app").withContainerID("runc://" + id).withStarted(started)
        .withNewState().withNewRunning().withStartedAt(STARTED.toString()).endRunning().endState().build();
    status.set(new PodStatusBuilder().withPhase("Running").withPodIP("10.0.0.7").withContainerStatuses(cs).build());
  }

  private void exited(String id) {
    ContainerStatus cs = new ContainerStatusBuilder().withName("app").withContainerID("runc://" + id).withStarted(false)
        .withNewState().withNewTerminated().withExitCode(1).endTerminated().endState().build();
    status.set(new PodStatusBuilder().withPhase("Running").withContainerStatuses(cs).build());
  }

  private static Container withLiveness(Probe p) {
    return new ContainerBuilder().withName("app").withImage("centos:7").withLivenessProbe(p).build();
  }

  private static Container withReadiness(Probe p) {
    return new ContainerBuilder().withName("app").withImage("centos:7").withReadinessProbe(p).build();
  }

  private static Container withStartup(Probe p) {
    return new ContainerBuilder().withName("app").withImage("centos:7").withStartupProbe(p).build();
  }

  @Test
  void aNewInstanceStartsFromEachProbesInitialResult() {
    running("c1", true);
    ProbeWorker liveness = worker(ProbeType.LIVENESS, pod("Always", withLiveness(probe(100, 1, 3))));
    ProbeWorker readiness = worker(ProbeType.READINESS, pod("Always", withReadiness(probe(100, 1, 3))));
    ProbeWorker startup = worker(ProbeType.STARTUP, pod("Always", withStartup(probe(100, 1, 3))));
    liveness.doProbe();
    readiness.doProbe();
    startup.doProbe();
    assertThat(results.find(ProbeType.LIVENESS, "c1")).contains(ProbeResult.SUCCESS);
    assertThat(results.find(ProbeType.READINESS, "c1")).contains(ProbeResult.FAILURE);
    assertThat(results.find(ProbeType.STARTUP, "c1")).contains(ProbeResult.UNKNOWN);
    assertThat(probed).isEmpty();
    assertThat(changes).containsOnly("uid-1");
  }

  @Test
  void nothingIsProbedBeforeTheInitialDelayHasPassedSinceTheInstanceStarted() {
    running("c1", true);
    ProbeWorker w = worker(ProbeType.LIVENESS, pod("Always", withLiveness(probe(5, 1, 3))));
    clock.advance(Duration.ofMillis(4999));
    w.doProbe();
    assertThat(probed).isEmpty();
    clock.advance(Duration.ofMillis(1));
    w.doProbe();
    assertThat(probed).containsExactly("LIVENESS c1 10.0.0.7");
  }

  @Test
  void readinessTurnsSuccessOnlyAfterSuccessThresholdSuccessesInARow() {
    running("c1", true);
    ProbeWorker w = worker(ProbeType.READINESS, pod("Always", withReadiness(probe(0, 2, 3))));
    script.add(Optional.of(ProbeResult.SUCCESS));
    script.add(Optional.of(ProbeResult.FAILURE));
    script.add(Optional.of(ProbeResult.SUCCESS));
    script.add(Optional.of(ProbeResult.SUCCESS));
    w.doProbe();
    w.doProbe();
    w.doProbe();
    assertThat(results.find(ProbeType.READINESS, "c1")).contains(ProbeResult.FAILURE);
    w.doProbe();
    assertThat(results.find(ProbeType.READINESS, "c1")).contains(ProbeResult.SUCCESS);
  }

  @Test
  void livenessFailsOnlyAfterFailureThresholdFailuresInARowAndThenHoldsUntilTheNextInstance() {
    running("c1", true);
    ProbeWorker w = worker(ProbeType.LIVENESS, pod("Always", withLiveness(probe(0, 1, 3))));
    for (ProbeResult r : List.of(ProbeResult.FAILURE, ProbeResult.FAILURE, ProbeResult.SUCCESS, ProbeResult.FAILURE, ProbeResult.FAILURE)) {
      script.add(Optional.of(r));
      w.doProbe();
      assertThat(results.find(ProbeType.LIVENESS, "c1")).contains(ProbeResult.SUCCESS);
    }
    script.add(Optional.of(ProbeResult.FAILURE));
    w.doProbe();
    assertThat(results.find(ProbeType.LIVENESS, "c1")).contains(ProbeResult.FAILURE);
    int calls = probed.size();
    w.doProbe();
    w.doProbe();
    assertThat(probed).hasSize(calls);

    running("c2", true);
    w.doProbe();
    assertThat(results.find(ProbeType.LIVENESS, "c1")).isEmpty();
    assertThat(results.find(ProbeType.LIVENESS, "c2")).contains(ProbeResult.SUCCESS);
    assertThat(probed).hasSize(calls + 1).last().isEqualTo("LIVENESS c2 10.0.0.7");
  }

  @Test
  void livenessAndReadinessWaitUntilTheStartupProbeHasPassed() {
    running("c1", false);
    ProbeWorker liveness = worker(ProbeType.LIVENESS, pod("Always", withLiveness(probe(0, 1, 1))));
    ProbeWorker readiness = worker(ProbeType.READINESS, pod("Always", withReadiness(probe(0, 1, 1))));
    ProbeWorker startup = worker(ProbeType.STARTUP, pod("Always", withStartup(probe(0, 1, 1))));
    liveness.doProbe();
    readiness.doProbe();
    startup.doProbe();
    assertThat(probed).containsExactly("STARTUP c1 10.0.0.7");
    assertThat(results.find(ProbeType.STARTUP, "c1")).contains(ProbeResult.SUCCESS);

    running("c1", true);
    probed.clear();
    liveness.doProbe();
    readiness.doProbe();
    startup.doProbe();
    assertThat(probed).containsExactly("LIVENESS c1 10.0.0.7", "READINESS c1 10.0.0.7");
  }

  @Test
  void aFailedStartupProbeHoldsLikeLiveness() {
    running("c1", false);
    ProbeWorker startup = worker(ProbeType.STARTUP, pod("Always", withStartup(probe(0, 1, 2))));
    script.add(Optional.of(ProbeResult.FAILURE));
    script.add(Optional.of(ProbeResult.FAILURE));
    startup.doProbe();
    assertThat(results.find(ProbeType.STARTUP, "c1")).contains(ProbeResult.UNKNOWN);
    startup.doProbe();
    assertThat(results.find(ProbeType.STARTUP, "c1")).contains(ProbeResult.FAILURE);
    startup.doProbe();
    assertThat(probed).hasSize(2);
  }

  @Test
  void anErroredProbeChangesNeitherTheResultNorTheRun() {
    running("c1", true);
    ProbeWorker w = worker(ProbeType.LIVENESS, pod("Always", withLiveness(probe(0, 1, 2))));
    script.add(Optional.of(ProbeResult.FAILURE));
    script.add(Optional.empty());
    script.add(Optional.of(ProbeResult.FAILURE));
    w.doProbe();
    w.doProbe();
    assertThat(results.find(ProbeType.LIVENESS, "c1")).contains(ProbeResult.SUCCESS);
    w.doProbe();
    assertThat(results.find(ProbeType.LIVENESS, "c1")).contains(ProbeResult.FAILURE);
  }

  @Test
  void aStoppedInstanceReadsAsFailedAndTheWorkerEndsOnlyWhenNothingWillRestartIt() {
    ProbeWorker always = worker(ProbeType.READINESS, pod("Always", withReadiness(probe(0, 1, 1))));
    ProbeWorker never = worker(ProbeType.READINESS, pod("Never", withReadiness(probe(0, 1, 1))));
    running("c1", true);
    always.doProbe();
    never.doProbe();
    assertThat(results.find(ProbeType.READINESS, "c1")).contains(ProbeResult.SUCCESS);
    exited("c1");
    assertThat(always.doProbe()).isTrue();
    assertThat(results.find(ProbeType.READINESS, "c1")).contains(ProbeResult.FAILURE);
    assertThat(never.doProbe()).isFalse();
  }

  @Test
  void theWorkerEndsWhenThePodHasFinishedAndWaitsWhileItHasNoStatus() {
    ProbeWorker w = worker(ProbeType.READINESS, pod("Always", withReadiness(probe(0, 1, 1))));
    assertThat(w.doProbe()).isTrue();
    status.set(new PodStatusBuilder().withPhase("Succeeded").build());
    assertThat(w.doProbe()).isFalse();
    assertThat(probed).isEmpty();
  }

  @Test
  void aPodBeingDeletedEndsLivenessWithSuccessButReadinessGoesOn() {
    running("c1", true);
    Pod deleting = new PodBuilder(pod("Always", withLiveness(probe(0, 1, 1)))).editMetadata().withDeletionTimestamp(STARTED.toString())
        .endMetadata().build();
    ProbeWorker liveness = worker(ProbeType.LIVENESS, deleting);
    assertThat(liveness.doProbe()).isFalse();
    assertThat(results.find(ProbeType.LIVENESS, "c1")).contains(ProbeResult.SUCCESS);
    Pod deletingReadiness = new PodBuilder(pod("Always", withReadiness(probe(0, 1, 1)))).editMetadata()
        .withDeletionTimestamp(STARTED.toString()).endMetadata().build();
    assertThat(worker(ProbeType.READINESS, deletingReadiness).doProbe()).isTrue();
    assertThat(probed).containsExactly("READINESS c1 10.0.0.7");
  }
}
