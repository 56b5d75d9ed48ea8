package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.skiff.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe manager: one worker per probe, what the results mean for started and ready, and stopping the workers. */
class ProbeManagerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<ProbeResult> answer = new AtomicReference<>(ProbeResult.FAILURE);
  private final AtomicReference<PodStatus> status = new AtomicReference<>();
  private final List<String> woken = new CopyOnWriteArrayList<>();
  private final ProbeManager manager = new ProbeManager((type, pod, c, ip, id) -> Optional.of(answer.get()), uid -> Optional.ofNullable(status.get()),
      new FakeClock(T0), woken::add);

  @AfterEach
  void close() {
    manager.close();
  }

  private static Pod pod(boolean readiness, boolean startup) {
    ContainerBuilder c = new ContainerBuilder().withName("app").withImage("centos:7");
    if (readiness) {
      c.withReadinessProbe(new ProbeBuilder().withNewExec().withCommand("true").endExec().withPeriodSeconds(1).build());
    }
    if (startup) {
      c.withStartupProbe(new ProbeBuilder().withNewExec().withCommand("true").endExec().withPeriodSeconds(1).build());
    }
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("uid-1").endMetadata()
        .withNewSpec().withContainers(c.build()).endSpec().build();
  }

  private void running(boolean started) {
    status.set(new PodStatusBuilder().withPhase("Running").withPodIP("10.0.0.7").withContainerStatuses(new ContainerStatusBuilder().withName("app")
        .withContainerID("runc://c1").withStarted(started).withNewState().withNewRunning().withStartedAt(T0.toString()).endRunning().endState()
        .build()).build());
  }

  @Test
  void aContainerWithoutProbesIsStartedAndReadyAsSoonAsItRuns() {
    manager.addPod(pod(false, false));
    assertThat(manager.workerCount("uid-1")).isZero();
    assertThat(manager.started("uid-1", "app", "c1")).isTrue();
    assertThat(manager.ready("uid-1", "app", "c1")).isTrue();
    assertThat(manager.failed(ProbeType.LIVENESS, "c1")).isFalse();
  }

  @Test
  void aReadinessProbeKeepsTheContainerUnreadyUntilItPassesAndWakesThePod() {
    running(true);
    manager.addPod(pod(true, false));
    manager.addPod(pod(true, false));
    assertThat(manager.workerCount("uid-1")).isEqualTo(1);
    assertThat(manager.ready("uid-1", "app", "c1")).isFalse();
    Await.until("the first probe to be published", Duration.ofSeconds(10), () -> !woken.isEmpty());
    answer.set(ProbeResult.SUCCESS);
    Await.until("readiness to pass", Duration.ofSeconds(10), () -> manager.ready("uid-1", "app", "c1"));
    assertThat(woken).contains("uid-1");
  }

  @Test
  void aStartupProbeKeepsTheContainerUnstartedUntilItPasses() {
    running(false);
    manager.addPod(pod(false, true));
    assertThat(manager.started("uid-1", "app", "c1")).isFalse();
    answer.set(ProbeResult.SUCCESS);
    Await.until("startup to pass", Duration.ofSeconds(10), () -> manager.started("uid-1", "app", "c1"));
  }

  @Test
  void removingThePodStopsItsWorkers() {
    running(true);
    manager.addPod(pod(true, true));
    assertThat(manager.workerCount("uid-1")).isEqualTo(2);
    manager.removePod("uid-1");
    Await.until("the workers to end", Duration.ofSeconds(10), () -> manager.workerCount("uid-1") == 0);
  }

  @Test
  void housekeepingStopsTheWorkersOfPodsNotKept() {
    running(true);
    manager.addPod(pod(true, false));
    manager.cleanupPods(uid -> uid.equals("uid-1"));
    assertThat(manager.workerCount("uid-1")).isEqualTo(1);
    manager.cleanupPods(uid -> false);
    Await.until("the worker to end", Duration.ofSeconds(10), () -> manager.workerCount("uid-1") == 0);
  }
}
