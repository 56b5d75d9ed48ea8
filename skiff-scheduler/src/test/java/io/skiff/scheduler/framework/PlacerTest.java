package io.skiff.scheduler.framework;

import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.Fixtures;
import io.skiff.scheduler.plugins.DefaultPlugins;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlacerTest {
  private final Placer placer = new Placer(DefaultPlugins.profile(), new SplittableRandom(7));

  @Test
  void theOnlyFittingNodeIsChosen() {
    Pod pod = pod("p", "2", "1Gi").build();
    Placement p = placer.place(info(pod), List.of(
        nodeInfo(node("small", "1", "4Gi", 110).build()),
        nodeInfo(node("big", "4", "4Gi", 110).build())));
    assertThat(p).isEqualTo(new Placement.Assigned("big", 1));
  }

  @Test
  void theLeastAllocatedNodeWins() {
    Pod pod = pod("p", "500m", "512Mi").build();
    Pod busy = Fixtures.boundTo(pod("busy", "2", "2Gi").build(), "a");
    Placement p = placer.place(info(pod), List.of(
        nodeInfo(node("a", "4", "8Gi", 110).build(), busy),
        nodeInfo(node("b", "4", "8Gi", 110).build())));
    assertThat(p).isEqualTo(new Placement.Assigned("b", 2));
  }

  @Test
  void tiesAreBrokenAtRandom() {
    Pod pod = pod("p", "100m", "100Mi").build();
    List<NodeInfo> equal = List.of(nodeInfo(node("a", "4", "8Gi", 110).build()), nodeInfo(node("b", "4", "8Gi", 110).build()),
        nodeInfo(node("c", "4", "8Gi", 110).build()));
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      chosen.add(((Placement.Assigned) placer.place(info(pod), equal)).nodeName());
    }
    assertThat(chosen).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void noFittingNodeGivesKubernetesMessageWithPreemptionDiagnosis() {
    Pod pod = pod("p", "8", "1Gi").build();
    Placement p = placer.place(info(pod), List.of(
        nodeInfo(node("a", "4", "8Gi", 110).build()),
        nodeInfo(node("b", "4", "8Gi", 110).editSpec().withUnschedulable(true).endSpec().build())));
    assertThat(p).isInstanceOfSatisfying(Placement.Unschedulable.class, u -> assertThat(u.error().message()).isEqualTo(
        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: "
            + "1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."));
  }

  @Test
  void noNodesAtAll() {
    Placement p = placer.place(info(pod("p", null, null).build()), List.of());
    assertThat(p).isInstanceOfSatisfying(Placement.Unschedulable.class,
        u -> assertThat(u.error().message()).isEqualTo("no nodes available to schedule pods"));
  }
}
