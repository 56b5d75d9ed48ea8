package io.skiff.scheduler.framework;

import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void largeClustersStopAfterKubernetesAdaptiveShareOfFeasibleNodes() {
    assertThat(Placer.feasibleNodesToFind(50)).isEqualTo(50);
    assertThat(Placer.feasibleNodesToFind(100)).isEqualTo(100);
    assertThat(Placer.feasibleNodesToFind(150)).as("49 % of 150 is below the floor of 100").isEqualTo(100);
    assertThat(Placer.feasibleNodesToFind(1000)).as("42 %").isEqualTo(420);
    assertThat(Placer.feasibleNodesToFind(5000)).as("10 %").isEqualTo(500);
    assertThat(Placer.feasibleNodesToFind(10000)).as("at least 5 %").isEqualTo(500);
  }

  @Test
  void aConfiguredPercentageOfNodesToScoreReplacesTheAdaptiveOneAboveTheFloorOf100() {
    assertThat(Placer.feasibleNodesToFind(1000, 20)).isEqualTo(200);
    assertThat(Placer.feasibleNodesToFind(1000, 5)).as("5 % of 1000 is below the floor of 100").isEqualTo(100);
    assertThat(Placer.feasibleNodesToFind(1000, 100)).isEqualTo(1000);
    assertThat(Placer.feasibleNodesToFind(80, 10)).as("small clusters: every node").isEqualTo(80);
    assertThat(Placer.feasibleNodesToFind(1000, 0)).as("0: adaptive").isEqualTo(420);
  }

  @Test
  void aPlacerWithAPercentageOfNodesToScoreScoresThatShare() {
    java.util.List<NodeInfo> many = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(nodeInfo(node(String.format("n%04d", i), "4", "8Gi", 110).build()));
    }
    Placer every = new Placer(DefaultPlugins.profile(), new SplittableRandom(1), 100);
    assertThat(((Placement.Assigned) every.place(info(pod("p", "100m", "100Mi").build()), many)).feasibleNodes()).isEqualTo(1000);
    Placer fifth = new Placer(DefaultPlugins.profile(), new SplittableRandom(1), 20);
    assertThat(((Placement.Assigned) fifth.place(info(pod("p", "100m", "100Mi").build()), many)).feasibleNodes()).isEqualTo(200);
    assertThatThrownBy(() -> new Placer(DefaultPlugins.profile(), new SplittableRandom(1), 101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachPodStartsWhereThePreviousStoppedSoAllNodesGetTheirTurn() {
    java.util.List<NodeInfo> many = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(nodeInfo(node(String.format("n%04d", i), "4", "8Gi", 110).build()));
    }
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      chosen.add(((Placement.Assigned) placer.place(info(pod("p" + i, "100m", "100Mi").build()), many)).nodeName());
    }
    assertThat(chosen).as("420 of 1000 nodes scored per pod, from a moving start").hasSizeGreaterThan(1);
    Placement p = placer.place(info(pod("p", "100m", "100Mi").build()), many);
    assertThat(((Placement.Assigned) p).feasibleNodes()).isEqualTo(420);
  }

  @Test
  void theFailedSchedulingMessageCountsEveryReasonAcrossNodes() {
    java.util.List<NodeInfo> nodes = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      nodes.add(nodeInfo(node("small" + i, "1", "8Gi", 110).build()));
    }
    for (int i = 0; i < 3; i++) {
      nodes.add(nodeInfo(node("gone" + i, "8", "8Gi", 110).editSpec().addNewTaint().withKey("node.kubernetes.io/unreachable")
          .withEffect("NoSchedule").endTaint().endSpec().build()));
    }
    Placement p = placer.place(info(pod("p", "2", null).build()), nodes);
    assertThat(p).isInstanceOfSatisfying(Placement.Unschedulable.class, u -> assertThat(u.error().message()).isEqualTo(
        "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. "
            + "preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, "
            + "3 Preemption is not helpful for scheduling."));
  }
}
