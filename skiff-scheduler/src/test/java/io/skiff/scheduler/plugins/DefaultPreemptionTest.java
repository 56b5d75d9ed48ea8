package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PostFilterResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultPreemptionTest {
  private final DefaultPreemption preemption = new DefaultPreemption();

  private PostFilterResult run(Pod pod, List<NodeInfo> nodes) {
    ClusterSnapshot cluster = ClusterSnapshot.of(nodes);
    Map<String, FilterResult.Reject> rejections = new LinkedHashMap<>();
    for (NodeInfo n : nodes) {
      if (DefaultPlugins.profile().filters().run(info(pod), cluster, n) instanceof FilterResult.Reject r) {
        rejections.put(n.name(), r);
      }
    }
    return preemption.postFilter(info(pod), cluster, rejections, DefaultPlugins.profile().filters());
  }

  @Test
  void unresolvableRejectionsAreNotHelpedByPreemption() {
    var tainted = node("t", "4", "8Gi", 110).editSpec().addNewTaint().withKey("k").withEffect("NoSchedule").endTaint().endSpec().build();
    assertThat(run(pod("p", "1", "1Gi").build(), List.of(nodeInfo(tainted))))
        .isEqualTo(new PostFilterResult.Unresolved("preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."));
  }

  @Test
  void aFullNodeWithoutLowerPriorityPodsHasNoVictims() {
    var full = nodeInfo(node("n", "1", "8Gi", 110).build(), boundTo(pod("other", "800m", null).build(), "n"));
    assertThat(run(pod("p", "500m", null).build(), List.of(full))).isEqualTo(
        new PostFilterResult.Unresolved("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."));
  }

  @Test
  void removingLowerPriorityPodsThatDoNotFreeEnoughKeepsTheFilterReason() {
    var node = nodeInfo(node("n", "1", "8Gi", 110).build(), boundTo(pod("low", "100m", null).build(), "n"));
    Pod big = pod("p", "2", null).editSpec().withPriority(100).endSpec().build();
    assertThat(run(big, List.of(node)))
        .isEqualTo(new PostFilterResult.Unresolved("preemption: 0/1 nodes are available: 1 Insufficient cpu."));
  }

  @Test
  void lowerPriorityPodsWhoseEvictionMakesRoomAreFound() {
    var node = nodeInfo(node("n", "1", "8Gi", 110).build(), boundTo(pod("low", "800m", null).build(), "n"));
    Pod important = pod("p", "500m", null).editSpec().withPriority(1000).endSpec().build();
    assertThat(run(important, List.of(node))).isEqualTo(new PostFilterResult.VictimsFound("n", 1));
  }

  @Test
  void preemptionPolicyNeverIsNotEligible() {
    var full = nodeInfo(node("n", "1", "8Gi", 110).build());
    Pod pod = pod("p", "2", null).editSpec().withPreemptionPolicy("Never").endSpec().build();
    assertThat(run(pod, List.of(full)))
        .isEqualTo(new PostFilterResult.Unresolved("preemption: not eligible due to preemptionPolicy=Never."));
  }
}
