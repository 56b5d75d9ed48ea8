package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.labeledNode;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScorer;
import io.skiff.scheduler.framework.ScorePlugin;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The score plugins without cluster-wide state: NodeAffinity (preferred), TaintToleration, BalancedAllocation. */
class ScoresTest {
  static long[] scores(ScorePlugin plugin, Pod pod, List<NodeInfo> nodes) {
    NodeScorer scorer = plugin.prepare(info(pod), ClusterSnapshot.of(nodes), nodes);
    long[] s = new long[nodes.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scorer.score(nodes.get(i));
    }
    scorer.normalize(nodes, s);
    return s;
  }

  static PreferredSchedulingTermBuilder preferring(int weight, String key, String value) {
    return new PreferredSchedulingTermBuilder().withWeight(weight).withPreference(new NodeSelectorTermBuilder()
        .addNewMatchExpression().withKey(key).withOperator("In").withValues(value).endMatchExpression().build());
  }

  @Test
  void preferredNodeAffinityAddsWeightsOfMatchingTermsScaledToTheBest() {
    Pod pod = pod("p", null, null).editSpec().withNewAffinity().withNewNodeAffinity()
        .withPreferredDuringSchedulingIgnoredDuringExecution(preferring(80, "disk", "ssd").build(), preferring(20, "zone", "a").build())
        .endNodeAffinity().endAffinity().endSpec().build();
    List<NodeInfo> nodes = List.of(nodeInfo(labeledNode("both", "disk", "ssd", "zone", "a")), nodeInfo(labeledNode("ssd", "disk", "ssd")),
        nodeInfo(labeledNode("zone", "zone", "a")), nodeInfo(labeledNode("none")));
    assertThat(scores(new NodeAffinity(), pod, nodes)).containsExactly(100, 80, 20, 0);
  }

  @Test
  void withoutPreferredTermsNodeAffinityDoesNotScore() {
    Pod pod = pod("p", null, null).build();
    assertThat(new NodeAffinity().prepare(info(pod), ClusterSnapshot.EMPTY, List.of())).isSameAs(NodeScorer.SKIP);
  }

  @Test
  void untoleratedPreferNoScheduleTaintsLowerTheScore() {
    var one = new NodeBuilder(node("one", "4", "8Gi", 110).build()).editSpec().addNewTaint().withKey("a").withEffect("PreferNoSchedule")
        .endTaint().endSpec().build();
    var two = new NodeBuilder(one).editMetadata().withName("two").endMetadata().editSpec().addNewTaint().withKey("b")
        .withEffect("PreferNoSchedule").endTaint().addNewTaint().withKey("c").withEffect("NoSchedule").endTaint().endSpec().build();
    List<NodeInfo> nodes = List.of(nodeInfo(node("clean", "4", "8Gi", 110).build()), nodeInfo(one), nodeInfo(two));
    assertThat(scores(new TaintToleration(), pod("p", null, null).build(), nodes)).containsExactly(100, 50, 0);
    Pod tolerant = pod("p", null, null).editSpec().addNewToleration().withKey("a").withOperator("Exists").withEffect("PreferNoSchedule")
        .endToleration().endSpec().build();
    assertThat(scores(new TaintToleration(), tolerant, nodes)).containsExactly(100, 100, 0);
  }

  @Test
  void balancedAllocationPrefersEqualCpuAndMemoryFractions() {
    // node 4 cpu / 8Gi; a pod of 1 cpu and 2Gi leaves both at 25 %: balanced.
    assertThat(BalancedAllocation.score(1000, 4000, 2L << 30, 8L << 30)).isEqualTo(100);
    // 50 % cpu against 12.5 % memory: std 0.1875, score 81.
    assertThat(BalancedAllocation.score(2000, 4000, 1L << 30, 8L << 30)).isEqualTo(81);
    // over-commit caps at 1.
    assertThat(BalancedAllocation.score(8000, 4000, 0, 8L << 30)).isEqualTo(50);
    // a resource the node does not have is left out.
    assertThat(BalancedAllocation.score(1000, 0, 1L << 30, 8L << 30)).isEqualTo(100);
  }

  @Test
  void balancedAllocationCountsBoundPodsAndSkipsBestEffortPods() {
    List<NodeInfo> nodes = List.of(nodeInfo(node("cpu-heavy", "4", "8Gi", 110).build(), boundTo(pod("x", "2", "1Gi").build(), "cpu-heavy")),
        nodeInfo(node("empty", "4", "8Gi", 110).build()));
    assertThat(scores(new BalancedAllocation(), pod("p", "1", "2Gi").build(), nodes)).containsExactly(81, 100);
    assertThat(new BalancedAllocation().prepare(info(pod("p", null, null).build()), ClusterSnapshot.of(nodes), nodes))
        .isSameAs(NodeScorer.SKIP);
  }
}
