package io.skiff.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Conditions, taints and health tracking of the node lifecycle controller, without an API server. */
class NodeStateTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  static NodeBuilder node(String ready, String heartbeat) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName("n1").withCreationTimestamp("2024-12-31T23:00:00Z").endMetadata()
        .withNewSpec().endSpec().withNewStatus().endStatus();
    if (ready != null) {
      b.editStatus()
          .addNewCondition().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory")
          .withLastHeartbeatTime(heartbeat).withLastTransitionTime("2024-12-31T23:00:00Z").endCondition()
          .addNewCondition().withType("Ready").withStatus(ready).withReason("KubeletReady").withMessage("kubelet is posting ready status")
          .withLastHeartbeatTime(heartbeat).withLastTransitionTime("2024-12-31T23:00:00Z").endCondition()
          .endStatus();
    }
    return b;
  }

  static Lease lease(Instant renew) {
    return new LeaseBuilder().withNewMetadata().withName("n1").withNamespace("kube-node-lease").endMetadata()
        .withNewSpec().withRenewTime(renew.atZone(ZoneOffset.UTC)).endSpec().build();
  }

  @Test
  void aSilentNodesKubeletConditionsTurnUnknownWithKubernetesWords() {
    Node n = node("True", "2024-12-31T23:59:00Z").build();
    List<NodeCondition> c = NodeConditions.markedUnknown(n, T0).orElseThrow();
    NodeCondition ready = c.stream().filter(x -> x.getType().equals("Ready")).findFirst().orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    assertThat(ready.getLastHeartbeatTime()).as("the last heartbeat stays").isEqualTo("2024-12-31T23:59:00Z");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    NodeCondition disk = c.stream().filter(x -> x.getType().equals("DiskPressure")).findFirst().orElseThrow();
    assertThat(disk.getReason()).isEqualTo("NodeStatusNeverUpdated");
    assertThat(disk.getMessage()).isEqualTo("Kubelet never posted node status.");
    assertThat(disk.getLastHeartbeatTime()).as("the node's creation").isEqualTo("2024-12-31T23:00:00Z");
    assertThat(c).extracting(NodeCondition::getType).containsExactly("MemoryPressure", "Ready", "DiskPressure", "PIDPressure");
    Node already = new NodeBuilder(n).editStatus().withConditions(c).endStatus().build();
    assertThat(NodeConditions.markedUnknown(already, T0.plusSeconds(5))).as("nothing left to change").isEmpty();
  }

  @Test
  void conditionTaintsFollowTheConditionsAndCordoning() {
    assertThat(ControllerTaints.wantedNoSchedule(node("False", "x").build())).containsExactly(ControllerTaints.NOT_READY);
    assertThat(ControllerTaints.wantedNoSchedule(node("Unknown", "x").build())).containsExactly(ControllerTaints.UNREACHABLE);
    assertThat(ControllerTaints.wantedNoSchedule(node("True", "x").editSpec().withUnschedulable(true).endSpec().build()))
        .containsExactly(ControllerTaints.UNSCHEDULABLE);
    Node pressured = node("True", "x").editStatus().addNewCondition().withType("DiskPressure").withStatus("True").endCondition().endStatus().build();
    assertThat(ControllerTaints.wantedNoSchedule(pressured)).containsExactly("node.kubernetes.io/disk-pressure");
  }

  @Test
  void noScheduleTaintsAreAddedAndRemovedButForeignTaintsStay() {
    Taint foreign = new TaintBuilder().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").build();
    Node notReady = node("False", "x").editSpec().withTaints(foreign).endSpec().build();
    List<Taint> added = ControllerTaints.withNoSchedule(notReady).orElseThrow();
    assertThat(added).extracting(Taint::getKey).containsExactly("dedicated", ControllerTaints.NOT_READY);
    Node back = node("True", "x").editSpec().withTaints(added).endSpec().build();
    assertThat(ControllerTaints.withNoSchedule(back).orElseThrow()).containsExactly(foreign);
    assertThat(ControllerTaints.withNoSchedule(node("True", "x").editSpec().withTaints(foreign).endSpec().build())).isEmpty();
  }

  @Test
  void theNoExecuteTaintSwapsBetweenNotReadyAndUnreachableWithItsTime() {
    Node plain = node("Unknown", "x").build();
    List<Taint> unreachable = ControllerTaints.withNoExecute(plain, Optional.of(ControllerTaints.UNREACHABLE), T0).orElseThrow();
    assertThat(unreachable).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo(ControllerTaints.UNREACHABLE);
      assertThat(t.getEffect()).isEqualTo("NoExecute");
      assertThat(t.getTimeAdded()).isEqualTo("2025-01-01T00:00:00Z");
    });
    Node tainted = node("False", "x").editSpec().withTaints(unreachable).endSpec().build();
    assertThat(ControllerTaints.withNoExecute(tainted, Optional.of(ControllerTaints.NOT_READY), T0).orElseThrow())
        .extracting(Taint::getKey).containsExactly(ControllerTaints.NOT_READY);
    assertThat(ControllerTaints.withNoExecute(tainted, Optional.empty(), T0).orElseThrow()).isEmpty();
    assertThat(ControllerTaints.withNoExecute(tainted, Optional.of(ControllerTaints.UNREACHABLE), T0)).as("already there").isEmpty();
    assertThat(ControllerTaints.wantedNoExecute("True")).isEmpty();
  }

  @Test
  void aNodeIsSilentOnlyAfterNeitherHeartbeatNorLeaseMovedForTheGracePeriod() {
    HealthTracker tracker = new HealthTracker(Duration.ofSeconds(40), Duration.ofSeconds(60));
    Node n = node("True", "2025-01-01T00:00:00Z").build();
    assertThat(tracker.silent(n, lease(T0), T0)).as("first seen counts as heard from").isFalse();
    assertThat(tracker.silent(n, lease(T0.plusSeconds(30)), T0.plusSeconds(30))).isFalse();
    assertThat(tracker.silent(n, lease(T0.plusSeconds(30)), T0.plusSeconds(70))).as("40 s since the renewal at 30 s").isFalse();
    assertThat(tracker.silent(n, lease(T0.plusSeconds(30)), T0.plusSeconds(71))).isTrue();
    Node posted = node("True", "2025-01-01T00:01:15Z").build();
    assertThat(tracker.silent(posted, lease(T0.plusSeconds(30)), T0.plusSeconds(75))).as("a new heartbeat counts too").isFalse();
  }

  @Test
  void aNodeThatNeverReportedGetsTheStartupGraceFromItsCreation() {
    HealthTracker tracker = new HealthTracker(Duration.ofSeconds(40), Duration.ofSeconds(60));
    Node fresh = node(null, null).build();
    Instant created = Instant.parse("2024-12-31T23:00:00Z");
    assertThat(tracker.silent(fresh, null, created.plusSeconds(59))).isFalse();
    assertThat(tracker.silent(fresh, null, created.plusSeconds(61))).isTrue();
  }

  @Test
  void zonesAreDisruptedWhenMostOrAllTheirNodesAreNotReady() {
    assertThat(ZoneState.of(10, 2, 0.55)).isEqualTo(ZoneState.NORMAL);
    assertThat(ZoneState.of(2, 2, 0.55)).as("no more than two not ready").isEqualTo(ZoneState.NORMAL);
    assertThat(ZoneState.of(2, 3, 0.55)).isEqualTo(ZoneState.PARTIAL_DISRUPTION);
    assertThat(ZoneState.of(0, 1, 0.55)).isEqualTo(ZoneState.FULL_DISRUPTION);
  }

  @Test
  void tainingIsRateLimitedPerZoneAndStopsWhenEveryZoneIsDown() {
    NoExecuteTainter tainter = new NoExecuteTainter(NodeLifecycleConfig.defaults());
    java.util.List<String> tainted = new java.util.ArrayList<>();
    tainter.update(java.util.Map.of("z", new int[] {10, 2}), T0);
    tainter.enqueue("z", "a", T0);
    tainter.enqueue("z", "b", T0);
    tainter.pass(T0, tainted::add);
    assertThat(tainted).as("a burst of one").containsExactly("a");
    tainter.pass(T0.plusSeconds(5), tainted::add);
    assertThat(tainted).as("0.1 nodes per second").containsExactly("a");
    tainter.pass(T0.plusSeconds(10), tainted::add);
    assertThat(tainted).containsExactly("a", "b");
    assertThat(tainter.update(java.util.Map.of("z", new int[] {0, 12}), T0)).as("every zone down").isTrue();
    assertThat(tainter.rate("z")).isZero();
    tainter.update(java.util.Map.of("z", new int[] {4, 8}), T0);
    assertThat(tainter.rate("z")).as("a small partially disrupted zone stops").isZero();
    tainter.update(java.util.Map.of("z", new int[] {4, 8}, "y", new int[] {5, 0}), T0);
    assertThat(tainter.rate("y")).isEqualTo(0.1);
  }
}
