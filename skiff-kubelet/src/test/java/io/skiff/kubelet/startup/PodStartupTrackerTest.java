package io.skiff.kubelet.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.skiff.kubelet.prober.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PodStartupTrackerTest {
  private static final Instant CREATED = Instant.parse("2026-11-28T10:00:00Z");

  private final FakeClock clock = new FakeClock(CREATED.plusMillis(20));
  private final List<PodStartupTracker.Observed> observed = new CopyOnWriteArrayList<>();
  private final PodStartupTracker tracker = new PodStartupTracker(clock, true, observed::add);

  private static Pod pod(PodStatus status) {
    return new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("u1").withCreationTimestamp(CREATED.toString())
        .endMetadata().withStatus(status).build();
  }

  private static PodStatus pending() {
    return new PodStatusBuilder().withPhase("Pending").withStartTime(CREATED.plusMillis(30).toString())
        .withContainerStatuses(new ContainerStatusBuilder().withName("app").withNewState().withNewWaiting().withReason("ContainerCreating")
            .endWaiting().endState().build())
        .build();
  }

  private static PodStatus running() {
    return new PodStatusBuilder().withPhase("Running").withStartTime(CREATED.plusMillis(30).toString())
        .withContainerStatuses(new ContainerStatusBuilder().withName("app").withNewState().withNewRunning().withStartedAt(CREATED.toString())
            .endRunning().endState().build())
        .build();
  }

  @Test
  void aPodSeenRunningByTheWatchIsObservedOnceWithItsDurations() {
    tracker.observedOnWatch(pod(null));
    clock.advance(Duration.ofMillis(10));
    tracker.statusHanded("u1", pending());
    clock.advance(Duration.ofMillis(90));
    tracker.statusHanded("u1", running());
    clock.advance(Duration.ofMillis(15));
    tracker.observedOnWatch(pod(running()));
    tracker.observedOnWatch(pod(running()));

    assertThat(observed).hasSize(1);
    PodStartup s = observed.get(0).startup();
    assertThat(s.observedRunning()).isEqualTo(CREATED.plusMillis(120));
    assertThat(s.watchObservedRunning()).isEqualTo(CREATED.plusMillis(135));
    assertThat(s.e2e()).isEqualTo(Duration.ofMillis(135));
    assertThat(s.sloSeconds()).isEqualTo(0.135);
    assertThat(tracker.find("u1")).contains(s);
    assertThat(tracker.sli().total()).isEqualTo(1);
  }

  @Test
  void imagePullTimeIsLeftOutOfTheSloDuration() {
    tracker.observedOnWatch(pod(null));
    Instant began = clock.instant();
    clock.advance(Duration.ofMillis(2000));
    tracker.pulled("u1", began);
    tracker.statusHanded("u1", running());
    tracker.observedOnWatch(pod(running()));

    PodStartup s = observed.get(0).startup();
    assertThat(s.firstStartedPulling()).isEqualTo(began);
    assertThat(s.lastFinishedPulling()).isEqualTo(began.plusMillis(2000));
    assertThat(s.e2e()).isEqualTo(Duration.ofMillis(2020));
    assertThat(s.sloSeconds()).isEqualTo(0.02);
  }

  @Test
  void theWatchSeeingRunningBeforeTheAgentHandedItDoesNotCompleteTheStartup() {
    tracker.observedOnWatch(pod(null));
    tracker.observedOnWatch(pod(running()));
    assertThat(observed).isEmpty();
    assertThat(tracker.find("u1")).isEmpty();
  }

  @Test
  void aPodFirstSeenWithAStartTimeIsNotTracked() {
    tracker.observedOnWatch(pod(pending()));
    tracker.statusHanded("u1", running());
    tracker.observedOnWatch(pod(running()));
    assertThat(observed).isEmpty();
  }

  @Test
  void theStepsOfTheStartAreReportedInOrderWithTheirOffsets() {
    tracker.observedOnWatch(pod(null));
    clock.advance(Duration.ofMillis(1));
    tracker.step("u1", StartupStep.SYNC_BEGAN, "");
    clock.advance(Duration.ofMillis(80));
    tracker.step("u1", StartupStep.CONTAINER_STARTED, "app");
    tracker.statusHanded("u1", running());
    clock.advance(Duration.ofMillis(12));
    tracker.observedOnWatch(pod(running()));

    assertThat(observed.get(0).steps()).isEqualTo("start=" + CREATED.plusMillis(20)
        + " informerAdded=+0.0ms syncBegan=+1.0ms containerStarted(app)=+81.0ms statusHanded(Running)=+81.0ms watchObservedRunning=+93.0ms");
  }

  @Test
  void aForgottenPodIsNoLongerTracked() {
    tracker.observedOnWatch(pod(null));
    tracker.forget("u1");
    tracker.statusHanded("u1", running());
    tracker.observedOnWatch(pod(running()));
    assertThat(observed).isEmpty();
  }

  @Test
  void aDisabledTrackerObservesNothing() {
    PodStartupTracker off = PodStartupTracker.disabled();
    off.observedOnWatch(pod(null));
    off.statusHanded("u1", running());
    off.observedOnWatch(pod(running()));
    assertThat(off.find("u1")).isEmpty();
    assertThat(off.sli().total()).isZero();
  }

  @Test
  void theLogLineCarriesTheKubeletsFields() {
    tracker.observedOnWatch(pod(null));
    tracker.statusHanded("u1", running());
    clock.advance(Duration.ofMillis(100));
    tracker.observedOnWatch(pod(running()));
    assertThat(observed.get(0).startup().logFields()).isEqualTo("pod=\"ns/p\" podStartSLOduration=0.12 podStartE2EDuration=\"120ms\""
        + " podCreationTimestamp=\"2026-11-28T10:00:00Z\" firstStartedPulling=\"0001-01-01T00:00:00Z\" lastFinishedPulling=\"0001-01-01T00:00:00Z\""
        + " observedRunningTime=\"2026-11-28T10:00:00.020Z\" watchObservedRunningTime=\"2026-11-28T10:00:00.120Z\"");
  }
}
