package io.skiff.kubelet.pod;

import static io.skiff.kubelet.pod.PodActionPlannerTest.summary;
import static io.skiff.kubelet.pod.TestPods.observed;
import static io.skiff.kubelet.pod.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.skiff.kubelet.prober.ContainerHealth;
import io.skiff.kubelet.prober.ProbeType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner with what the probes found: failed liveness and startup probes kill (and restart) containers; sidecars wait to be started. */
class PodActionPlannerProbesTest {

  /** Probe results by container id: failed liveness, failed startup, not yet started. */
  private record Health(Set<String> livenessFailed, Set<String> startupFailed, Set<String> notStarted) implements ContainerHealth {
    @Override
    public boolean started(String podUid, String container, String containerId) {
      return !notStarted.contains(containerId);
    }

    @Override
    public boolean ready(String podUid, String container, String containerId) {
      return true;
    }

    @Override
    public boolean failed(ProbeType type, String containerId) {
      return switch (type) {
        case LIVENESS -> livenessFailed.contains(containerId);
        case STARTUP -> startupFailed.contains(containerId);
        case READINESS -> false;
      };
    }
  }

  private static Health livenessFailed(String id) {
    return new Health(Set.of(id), Set.of(), Set.of());
  }

  @Test
  void aFailedLivenessProbeRestartsTheContainerWithTheKubeletsMessage() {
    Pod pod = pod("Always", List.of(), List.of("app"));
    PodActions a = PodActionPlanner.plan(pod, observed(pod).readySandbox().running("app", 0).build(), livenessFailed("app-0-0"));
    assertThat(summary(a)).isEqualTo("start[app#1] stop[app]");
    assertThat(a.kill()).containsExactly(new PodActions.Kill("app", "app-0-0", "Container app failed liveness probe, will be restarted",
        KillReason.LIVENESS_PROBE));
  }

  @Test
  void aFailedStartupProbeRestartsTheContainerToo() {
    Pod pod = pod("OnFailure", List.of(), List.of("app"));
    PodActions a = PodActionPlanner.plan(pod, observed(pod).readySandbox().running("app", 2).build(),
        new Health(Set.of(), Set.of("app-2-0"), Set.of("app-2-0")));
    assertThat(summary(a)).isEqualTo("start[app#3] stop[app]");
    assertThat(a.kill().get(0).message()).isEqualTo("Container app failed startup probe, will be restarted");
    assertThat(a.kill().get(0).reason()).isEqualTo(KillReason.STARTUP_PROBE);
  }

  @Test
  void underNeverAFailedLivenessProbeKillsWithoutRestarting() {
    Pod two = pod("Never", List.of(), List.of("a", "b"));
    PodActions a = PodActionPlanner.plan(two, observed(two).readySandbox().running("a", 0).running("b", 0).build(), livenessFailed("a-0-0"));
    assertThat(summary(a)).isEqualTo("stop[a]");
    assertThat(a.kill().get(0).message()).isEqualTo("Container a failed liveness probe");
    Pod one = pod("Never", List.of(), List.of("app"));
    assertThat(summary(PodActionPlanner.plan(one, observed(one).readySandbox().running("app", 0).build(), livenessFailed("app-0-0"))))
        .isEqualTo("kill");
  }

  @Test
  void aSidecarWithAStartupProbeHoldsBackTheNextInitContainerUntilStarted() {
    Pod pod = pod("Always", List.of("sc:proxy", "setup"), List.of("app"));
    pod = new PodBuilder(pod).editSpec().editFirstInitContainer()
        .withStartupProbe(new ProbeBuilder().withNewExec().withCommand("true").endExec().build()).endInitContainer().endSpec().build();
    ObservedPod running = observed(pod).readySandbox().running("proxy", 0).build();
    assertThat(summary(PodActionPlanner.plan(pod, running, new Health(Set.of(), Set.of(), Set.of("proxy-0-0"))))).isEqualTo("idle uninitialized");
    assertThat(summary(PodActionPlanner.plan(pod, running, ContainerHealth.NONE))).isEqualTo("start[setup#0]");
    PodActions failed = PodActionPlanner.plan(pod, running, new Health(Set.of(), Set.of("proxy-0-0"), Set.of("proxy-0-0")));
    assertThat(summary(failed)).isEqualTo("start[proxy#1] stop[proxy]");
    assertThat(failed.kill().get(0).message()).isEqualTo("Init container proxy failed startup probe");
  }

  @Test
  void aSidecarFailingItsLivenessProbeIsRestartedBesideTheApp() {
    Pod pod = pod("Never", List.of("sc:proxy", "setup"), List.of("app"));
    PodActions a = PodActionPlanner.plan(pod, observed(pod).readySandbox().running("proxy", 0).exited("setup", 0, 0).running("app", 0).build(),
        livenessFailed("proxy-0-0"));
    assertThat(summary(a)).isEqualTo("start[proxy#1] stop[proxy]");
    assertThat(a.kill()).containsExactly(new PodActions.Kill("proxy", "proxy-0-0", "Init container proxy failed liveness probe",
        KillReason.LIVENESS_PROBE));
  }
}
