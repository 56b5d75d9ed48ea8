package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.SandboxId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimePodsTest {
  private static ContainerStatus container(ContainerState state, Instant startedAt, Map<String, String> labels) {
    SandboxId sandbox = SandboxId.of("uid", 0);
    return new ContainerStatus(ContainerId.of(sandbox, "c", 0), sandbox, "c", 0, "img", state, 0, 0, TestPods.T0, startedAt, null, "", "",
        null, labels);
  }

  @Test
  void aContainerCreatedAheadIsHiddenUntilItIsStartedEvenOnceKilled() {
    Map<String, String> ahead = Map.of(ContainerLabels.AHEAD, "true");
    assertThat(RuntimePods.aheadOfTurn(container(ContainerState.CREATED, null, ahead))).isTrue();
    assertThat(RuntimePods.aheadOfTurn(container(ContainerState.EXITED, null, ahead))).isTrue();
    assertThat(RuntimePods.aheadOfTurn(container(ContainerState.RUNNING, TestPods.T0, ahead))).isFalse();
    assertThat(RuntimePods.aheadOfTurn(container(ContainerState.EXITED, TestPods.T0, ahead))).isFalse();
  }

  @Test
  void aContainerCreatedAtItsTurnIsAlwaysSeen() {
    assertThat(RuntimePods.aheadOfTurn(container(ContainerState.CREATED, null, Map.of()))).isFalse();
  }
}
