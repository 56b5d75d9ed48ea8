package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.labeledNode;
import static io.skiff.scheduler.Fixtures.labeledPod;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeFilter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTopologySpreadTest {
  static final String ZONE = "topology.kubernetes.io/zone";
  private final PodTopologySpread plugin = new PodTopologySpread();

  static TopologySpreadConstraintBuilder constraint(int maxSkew, String key, String when) {
    return new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew).withTopologyKey(key).withWhenUnsatisfiable(when)
        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build());
  }

  static Pod web(String name, TopologySpreadConstraint... constraints) {
    return labeledPod(name, "app", "web").editSpec().withTopologySpreadConstraints(constraints).endSpec().build();
  }

  /** Zone a: nodes a1 and a2, zone b: node b1; {@code pods} maps a node to the number of app=web pods on it. */
  static ClusterSnapshot zones(Map<String, Integer> pods, Node... extra) {
    List<NodeInfo> nodes = new ArrayList<>();
    Map<String, Node> all = new LinkedHashMap<>();
    all.put("a1", labeledNode("a1", ZONE, "a"));
    all.put("a2", labeledNode("a2", ZONE, "a"));
    all.put("b1", labeledNode("b1", ZONE, "b"));
    for (Node n : extra) {
      all.put(n.getMetadata().getName(), n);
    }
    all.forEach((name, node) -> {
      int count = pods.getOrDefault(name, 0);
      Pod[] bound = new Pod[count];
      for (int i = 0; i < count; i++) {
        bound[i] = boundTo(labeledPod(name + "-" + i, "app", "web").build(), name);
      }
      nodes.add(nodeInfo(node, bound));
    });
    return ClusterSnapshot.of(nodes);
  }

  private FilterResult filter(Pod pod, ClusterSnapshot cluster, String node) {
    NodeFilter f = plugin.prepare(info(pod), cluster);
    return f.filter(cluster.find(node).orElseThrow());
  }

  @Test
  void aDomainThatWouldExceedMaxSkewIsRejectedAndTheOtherAccepted() {
    Pod pod = web("p", constraint(1, ZONE, "DoNotSchedule").build());
    ClusterSnapshot cluster = zones(Map.of("a1", 1));
    assertThat(filter(pod, cluster, "a2")).isEqualTo(FilterResult.unschedulable(PodTopologySpread.CONSTRAINTS_NOT_MATCH));
    assertThat(filter(pod, cluster, "b1")).isEqualTo(FilterResult.PASS);
  }

  @Test
  void maxSkewAllowsThatMuchImbalance() {
    Pod pod = web("p", constraint(2, ZONE, "DoNotSchedule").build());
    ClusterSnapshot cluster = zones(Map.of("a1", 1));
    assertThat(filter(pod, cluster, "a2")).isEqualTo(FilterResult.PASS);
  }

  @Test
  void aPodThatDoesNotMatchItsOwnSelectorDoesNotAddToTheSkew() {
    Pod pod = labeledPod("other", "app", "db").editSpec().withTopologySpreadConstraints(constraint(1, ZONE, "DoNotSchedule").build())
        .endSpec().build();
    assertThat(filter(pod, zones(Map.of("a1", 1)), "a2")).isEqualTo(FilterResult.PASS);
  }

  @Test
  void aNodeWithoutTheTopologyKeyIsRejectedUnresolvably() {
    Pod pod = web("p", constraint(1, ZONE, "DoNotSchedule").build());
    ClusterSnapshot cluster = zones(Map.of(), labeledNode("bare"));
    assertThat(filter(pod, cluster, "bare")).isEqualTo(FilterResult.unresolvable(PodTopologySpread.MISSING_LABEL));
  }

  @Test
  void fewerDomainsThanMinDomainsMakeTheGlobalMinimumZero() {
    Pod pod = web("p", constraint(1, ZONE, "DoNotSchedule").withMinDomains(3).build());
    ClusterSnapshot cluster = zones(Map.of("a1", 1, "b1", 1));
    assertThat(filter(pod, cluster, "b1")).as("1 + 1 - 0 > 1").isEqualTo(FilterResult.unschedulable(PodTopologySpread.CONSTRAINTS_NOT_MATCH));
    Pod relaxed = web("p", constraint(1, ZONE, "DoNotSchedule").build());
    assertThat(filter(relaxed, cluster, "b1")).as("with minDomains 1: 1 + 1 - 1 <= 1").isEqualTo(FilterResult.PASS);
  }

  @Test
  void nodesTheNodeAffinityExcludesAreNotCountedByDefault() {
    Pod free = web("p", constraint(1, ZONE, "DoNotSchedule").build());
    Pod pinned = new PodBuilder(free).editSpec().withNodeSelector(Map.of(ZONE, "b")).endSpec().build();
    ClusterSnapshot cluster = zones(Map.of("b1", 1));
    assertThat(filter(free, cluster, "b1")).as("empty zone a is the minimum").isEqualTo(
        FilterResult.unschedulable(PodTopologySpread.CONSTRAINTS_NOT_MATCH));
    assertThat(filter(pinned, cluster, "b1")).as("only zone b is eligible, so its count is the minimum").isEqualTo(FilterResult.PASS);
    Pod ignoring = new PodBuilder(pinned).editSpec().withTopologySpreadConstraints(
        constraint(1, ZONE, "DoNotSchedule").withNodeAffinityPolicy("Ignore").build()).endSpec().build();
    assertThat(filter(ignoring, cluster, "b1")).isEqualTo(FilterResult.unschedulable(PodTopologySpread.CONSTRAINTS_NOT_MATCH));
  }

  @Test
  void taintedNodesCountUnlessNodeTaintsPolicyIsHonor() {
    Node tainted = new NodeBuilder(labeledNode("c1", ZONE, "c")).editSpec().addNewTaint().withKey("dedicated").withEffect("NoSchedule")
        .endTaint().endSpec().build();
    ClusterSnapshot cluster = zones(Map.of("a1", 1, "b1", 1), tainted);
    Pod ignoring = web("p", constraint(1, ZONE, "DoNotSchedule").build());
    assertThat(filter(ignoring, cluster, "a2")).as("empty zone c is the minimum").isEqualTo(
        FilterResult.unschedulable(PodTopologySpread.CONSTRAINTS_NOT_MATCH));
    Pod honoring = web("p", constraint(1, ZONE, "DoNotSchedule").withNodeTaintsPolicy("Honor").build());
    assertThat(filter(honoring, cluster, "a2")).isEqualTo(FilterResult.PASS);
  }

  @Test
  void terminatingPodsAndPodsOfOtherNamespacesDoNotCount() {
    Pod terminating = new PodBuilder(boundTo(labeledPod("t", "app", "web").build(), "a1")).editMetadata()
        .withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata().build();
    Pod elsewhere = new PodBuilder(boundTo(labeledPod("e", "app", "web").build(), "a1")).editMetadata().withNamespace("other")
        .endMetadata().build();
    ClusterSnapshot cluster = ClusterSnapshot.of(List.of(nodeInfo(labeledNode("a1", ZONE, "a"), terminating, elsewhere),
        nodeInfo(labeledNode("b1", ZONE, "b"))));
    Pod pod = web("p", constraint(1, ZONE, "DoNotSchedule").build());
    assertThat(filter(pod, cluster, "a1")).isEqualTo(FilterResult.PASS);
  }

  @Test
  void matchLabelKeysNarrowTheSelectorToThePodsOwnValues() {
    Pod v2 = labeledPod("p", "app", "web", "version", "v2").editSpec()
        .withTopologySpreadConstraints(constraint(1, ZONE, "DoNotSchedule").withMatchLabelKeys("version").build()).endSpec().build();
    assertThat(filter(v2, zones(Map.of("a1", 1)), "a2")).as("the app=web pod on a1 has no version=v2").isEqualTo(FilterResult.PASS);
  }

  @Test
  void scheduleAnywayConstraintsDoNotFilter() {
    Pod pod = web("p", constraint(1, ZONE, "ScheduleAnyway").build());
    assertThat(plugin.prepare(info(pod), zones(Map.of("a1", 3)))).isSameAs(NodeFilter.PASS_ALL);
  }

  @Test
  void theScorePrefersTheDomainWithFewerMatchingPods() {
    Pod pod = web("p", constraint(1, ZONE, "ScheduleAnyway").build());
    ClusterSnapshot cluster = zones(Map.of("a1", 2));
    long[] scores = score(pod, cluster, cluster.nodes());
    // zone a holds 2 matching pods, zone b none; ln(2 + 2) * 2 + 0 rounds to 3: a scores 100 * (3 + 0 - 3) / 3 = 0.
    assertThat(scores).containsExactly(0, 0, 100);
  }

  @Test
  void hostnameSpreadingCountsPerNodeAndNodesMissingAKeyScoreZero() {
    Pod pod = web("p", constraint(1, PodTopologySpread.HOSTNAME, "ScheduleAnyway").build());
    Node bare = new NodeBuilder(labeledNode("bare")).editMetadata().withLabels(Map.of()).endMetadata().build();
    ClusterSnapshot cluster = zones(Map.of("a1", 1), bare);
    long[] scores = score(pod, cluster, cluster.nodes());
    assertThat(scores[0]).as("a1 holds one").isLessThan(scores[1]);
    assertThat(scores[1]).isEqualTo(100);
    assertThat(scores[3]).as("no hostname label").isZero();
  }

  @Test
  void noSoftConstraintsSkipScoring() {
    assertThat(plugin.prepare(info(web("p")), zones(Map.of()), zones(Map.of()).nodes())).isSameAs(NodeScorer.SKIP);
  }

  private long[] score(Pod pod, ClusterSnapshot cluster, List<NodeInfo> feasible) {
    NodeScorer scorer = plugin.prepare(info(pod), cluster, feasible);
    long[] scores = new long[feasible.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = scorer.score(feasible.get(i));
    }
    scorer.normalize(feasible, scores);
    return scores;
  }
}
