package io.skiff.kubelet.pleg;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.kubelet.pod.ObservedContainer;
import io.skiff.kubelet.pod.ObservedPod;
import io.skiff.kubelet.pod.ObservedSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelistingPlegTest {
  private Map<String, ObservedPod> runtime = new HashMap<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final RelistingPleg pleg = new RelistingPleg(() -> runtime, Duration.ofSeconds(1), () -> now);

  private static ObservedPod pod(ObservedContainer.State... states) {
    List<ObservedContainer> cs = new ArrayList<>();
    for (int i = 0; i < states.length; i++) {
      cs.add(new ObservedContainer("c" + i, "c" + i, 0, 0, states[i], 0, "", "", Instant.EPOCH, null, null, "", "", ""));
    }
    return new ObservedPod(List.of(new ObservedSandbox("s", 0, true, "10.0.0.2")), cs);
  }

  private List<PodLifecycleEvent> drain() {
    List<PodLifecycleEvent> out = new ArrayList<>();
    pleg.events().drainTo(out);
    return out;
  }

  @Test
  void theFirstRelistResyncsEveryPodThenOnlyChangesAreReported() {
    runtime.put("p", pod(ObservedContainer.State.RUNNING));
    pleg.relistOnce();
    assertThat(drain()).containsExactly(new PodLifecycleEvent.PodResync("p"));
    now = now.plusSeconds(1);
    pleg.relistOnce();
    assertThat(drain()).isEmpty();

    runtime.put("p", pod(ObservedContainer.State.EXITED, ObservedContainer.State.RUNNING));
    now = now.plusSeconds(1);
    pleg.relistOnce();
    assertThat(drain()).containsExactlyInAnyOrder(new PodLifecycleEvent.ContainerDied("p", "c0"), new PodLifecycleEvent.ContainerStarted("p", "c1"));

    runtime.put("p", pod(ObservedContainer.State.EXITED));
    now = now.plusSeconds(1);
    pleg.relistOnce();
    assertThat(drain()).containsExactly(new PodLifecycleEvent.ContainerRemoved("p", "c1"));
    assertThat(pleg.healthy()).isTrue();
  }

  @Test
  void aLongGapResyncsInsteadOfGuessing() {
    runtime.put("p", pod(ObservedContainer.State.RUNNING));
    pleg.relistOnce();
    drain();
    now = now.plus(Duration.ofMinutes(5));
    runtime.put("p", pod(ObservedContainer.State.EXITED));
    pleg.relistOnce();
    assertThat(drain()).containsExactly(new PodLifecycleEvent.PodResync("p"));
  }

  @Test
  void aVanishedPodReportsItsContainersRemoved() {
    runtime.put("p", pod(ObservedContainer.State.RUNNING));
    pleg.relistOnce();
    drain();
    runtime = new HashMap<>();
    now = now.plusSeconds(1);
    pleg.relistOnce();
    assertThat(drain()).containsExactly(new PodLifecycleEvent.ContainerRemoved("p", "c0"));
  }
}
