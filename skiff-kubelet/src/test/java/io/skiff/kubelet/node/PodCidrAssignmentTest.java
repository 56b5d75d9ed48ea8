package io.skiff.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodCidrAssignmentTest {

  @Test
  void aNodeWaitingForItsPodCidrRegistersNotReadyForWantOfANetwork(@TempDir Path dir) {
    Node node = PodCidrAssignment.notReady(NodeObjects.node(new NodeObjects.Identity("n1", "10.0.0.2", null, "", 0), HostInfo.read(dir),
        Instant.parse("2026-11-28T08:00:00Z")));
    NodeCondition ready = node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("KubeletNotReady");
    assertThat(ready.getMessage()).isEqualTo("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
        + "message:Network plugin returns error: cni plugin not initialized");
    assertThat(node.getSpec().getPodCIDR()).isNull();
  }
}
