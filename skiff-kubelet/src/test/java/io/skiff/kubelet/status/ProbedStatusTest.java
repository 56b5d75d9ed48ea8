package io.skiff.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.pod.ObservedPod;
import io.skiff.kubelet.pod.StatusFixtures;
import io.skiff.kubelet.prober.ContainerHealth;
import io.skiff.kubelet.prober.ProbeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status with probes: started and ready per container, and the pod's Ready and ContainersReady conditions. */
class ProbedStatusTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

  /** Which containers (by name) have passed their startup and readiness probes. */
  private record Health(List<String> started, List<String> ready) implements ContainerHealth {
    @Override
    public boolean started(String podUid, String container, String containerId) {
      return started.contains(container);
    }

    @Override
    public boolean ready(String podUid, String container, String containerId) {
      return ready.contains(container);
    }

    @Override
    public boolean failed(ProbeType type, String containerId) {
      return false;
    }
  }

  private static PodStatus generate(Pod pod, ObservedPod observed, ContainerHealth health) {
    return PodStatusGenerator.generate(new PodStatusGenerator.Input(pod, observed, Map.of(), false, "192.168.1.5", "runc", NOW, health));
  }

  private static ContainerStatus container(PodStatus s, String name) {
    return s.getContainerStatuses().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  private static PodCondition condition(PodStatus s, String type) {
    return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void aRunningContainerWhoseReadinessProbeHasNotPassedIsStartedButNotReady() {
    Pod pod = StatusFixtures.pod("Always", List.of(), List.of("web", "api"));
    ObservedPod observed = StatusFixtures.observed(pod).readySandbox().running("web", 0).running("api", 0).build();
    PodStatus s = generate(pod, observed, new Health(List.of("web", "api"), List.of("api")));
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(container(s, "web").getStarted()).isTrue();
    assertThat(container(s, "web").getReady()).isFalse();
    assertThat(container(s, "api").getReady()).isTrue();
    assertThat(condition(s, "ContainersReady").getStatus()).isEqualTo("False");
    assertThat(condition(s, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [web]");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("ContainersNotReady");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("containers with unready status: [web]");
  }

  @Test
  void aContainerNotYetStartedIsNeitherStartedNorReadyWhateverItsReadiness() {
    Pod pod = StatusFixtures.pod("Always", List.of(), List.of("web"));
    PodStatus s = generate(pod, StatusFixtures.observed(pod).readySandbox().running("web", 0).build(), new Health(List.of(), List.of("web")));
    assertThat(container(s, "web").getStarted()).isFalse();
    assertThat(container(s, "web").getReady()).isFalse();
  }

  @Test
  void withEveryProbePassingThePodIsReady() {
    Pod pod = StatusFixtures.pod("Always", List.of("sc:proxy"), List.of("web"));
    PodStatus s = generate(pod, StatusFixtures.observed(pod).readySandbox().running("proxy", 0).running("web", 0).build(),
        new Health(List.of("proxy", "web"), List.of("proxy", "web")));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "ContainersReady").getStatus()).isEqualTo("True");
    PodStatus unreadySidecar = generate(pod, StatusFixtures.observed(pod).readySandbox().running("proxy", 0).running("web", 0).build(),
        new Health(List.of("proxy", "web"), List.of("web")));
    assertThat(condition(unreadySidecar, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [proxy]");
  }
}
