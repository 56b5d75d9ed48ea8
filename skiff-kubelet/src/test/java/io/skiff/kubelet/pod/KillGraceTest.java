package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The grace period a single container gets when it is stopped (the kubelet's setTerminationGracePeriod). */
class KillGraceTest {
  private static final Container PROBED = new ContainerBuilder().withName("app")
      .withLivenessProbe(new ProbeBuilder().withTerminationGracePeriodSeconds(5L).build())
      .withStartupProbe(new ProbeBuilder().build()).build();

  private static Pod pod(Long spec, Long deletion) {
    return new PodBuilder().withNewMetadata().withName("p").withDeletionGracePeriodSeconds(deletion).endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(spec).withContainers(PROBED).endSpec().build();
  }

  @Test
  void aLivenessKillUsesTheProbesGracePeriodWhenSet() {
    assertThat(KillGrace.of(pod(30L, null), PROBED, KillReason.LIVENESS_PROBE)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void otherwiseThePodsGracePeriod() {
    assertThat(KillGrace.of(pod(30L, null), PROBED, KillReason.STARTUP_PROBE)).isEqualTo(Duration.ofSeconds(30));
    assertThat(KillGrace.of(pod(30L, null), PROBED, KillReason.OTHER)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aPodBeingDeletedUsesItsDeletionGracePeriodForEveryKill() {
    assertThat(KillGrace.of(pod(30L, 3L), PROBED, KillReason.LIVENESS_PROBE)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aPodWithoutGracePeriodGetsTheMinimum() {
    assertThat(KillGrace.of(pod(null, null), PROBED, KillReason.OTHER)).isEqualTo(Duration.ofSeconds(2));
  }
}
