package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.labeledNode;
import static io.skiff.scheduler.Fixtures.labeledPod;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScorer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterPodAffinityTest {
  static final String ZONE = "topology.kubernetes.io/zone";
  static final String HOST = "kubernetes.io/hostname";
  private final InterPodAffinity plugin = new InterPodAffinity();

  static PodAffinityTerm term(String topologyKey, String app) {
    return new PodAffinityTermBuilder().withTopologyKey(topologyKey)
        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", app).build()).build();
  }

  static Pod withAffinity(String name, String app, PodAffinityTerm affinity, PodAffinityTerm anti) {
    var spec = labeledPod(name, "app", app).editSpec().withNewAffinity();
    if (affinity != null) {
      spec.withNewPodAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(affinity).endPodAffinity();
    }
    if (anti != null) {
      spec.withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(anti).endPodAntiAffinity();
    }
    return spec.endAffinity().endSpec().build();
  }

  /** Nodes a1, a2 in zone a and b1 in zone b; {@code cache} runs on a1. */
  static ClusterSnapshot cluster(Pod onA1, Map<String, Map<String, String>> namespaces) {
    List<NodeInfo> nodes = List.of(
        onA1 == null ? nodeInfo(labeledNode("a1", ZONE, "a")) : nodeInfo(labeledNode("a1", ZONE, "a"), boundTo(onA1, "a1")),
        nodeInfo(labeledNode("a2", ZONE, "a")),
        nodeInfo(labeledNode("b1", ZONE, "b")));
    return new ClusterSnapshot(nodes, namespaces);
  }

  private FilterResult filter(Pod pod, ClusterSnapshot cluster, String node) {
    return plugin.prepare(info(pod), cluster).filter(cluster.find(node).orElseThrow());
  }

  @Test
  void requiredAffinityNeedsAMatchingPodInTheSameDomain() {
    Pod web = withAffinity("web", "web", term(ZONE, "cache"), null);
    ClusterSnapshot cluster = cluster(labeledPod("cache", "app", "cache").build(), Map.of());
    assertThat(filter(web, cluster, "a2")).as("same zone as the cache").isEqualTo(FilterResult.PASS);
    assertThat(filter(web, cluster, "b1")).isEqualTo(FilterResult.unresolvable(InterPodAffinity.AFFINITY_RULES));
  }

  @Test
  void theFirstPodOfAGroupWithAffinityToItselfMayGoAnywhere() {
    Pod first = withAffinity("web-0", "web", term(ZONE, "web"), null);
    assertThat(filter(first, cluster(null, Map.of()), "b1")).isEqualTo(FilterResult.PASS);
    Pod other = withAffinity("x", "other", term(ZONE, "web"), null);
    assertThat(filter(other, cluster(null, Map.of()), "b1")).as("it does not match its own term")
        .isEqualTo(FilterResult.unresolvable(InterPodAffinity.AFFINITY_RULES));
  }

  @Test
  void requiredAntiAffinityKeepsThePodOutOfTheDomainOfMatchingPods() {
    Pod web = withAffinity("web-1", "web", null, term(HOST, "web"));
    ClusterSnapshot cluster = cluster(labeledPod("web-0", "app", "web").build(), Map.of());
    assertThat(filter(web, cluster, "a1")).isEqualTo(FilterResult.unschedulable(InterPodAffinity.ANTI_AFFINITY_RULES));
    assertThat(filter(web, cluster, "a2")).isEqualTo(FilterResult.PASS);
    Pod zoneAnti = withAffinity("web-1", "web", null, term(ZONE, "web"));
    assertThat(filter(zoneAnti, cluster, "a2")).isEqualTo(FilterResult.unschedulable(InterPodAffinity.ANTI_AFFINITY_RULES));
  }

  @Test
  void anExistingPodsAntiAffinityKeepsMatchingPodsOut() {
    Pod loner = withAffinity("loner", "db", null, term(ZONE, "web"));
    ClusterSnapshot cluster = cluster(loner, Map.of());
    Pod web = labeledPod("web", "app", "web").build();
    assertThat(filter(web, cluster, "a2")).isEqualTo(FilterResult.unschedulable(InterPodAffinity.EXISTING_ANTI_AFFINITY));
    assertThat(filter(web, cluster, "b1")).isEqualTo(FilterResult.PASS);
  }

  @Test
  void termsLookInTheOwnersNamespaceUnlessTheyNameOthers() {
    Pod cacheElsewhere = new PodBuilder(labeledPod("cache", "app", "cache").build()).editMetadata().withNamespace("infra").endMetadata().build();
    ClusterSnapshot cluster = cluster(cacheElsewhere, Map.of());
    Pod sameNamespace = withAffinity("web", "web", term(ZONE, "cache"), null);
    assertThat(filter(sameNamespace, cluster, "a2")).isEqualTo(FilterResult.unresolvable(InterPodAffinity.AFFINITY_RULES));
    PodAffinityTerm named = new PodAffinityTermBuilder(term(ZONE, "cache")).withNamespaces("infra").build();
    assertThat(filter(withAffinity("web", "web", named, null), cluster, "a2")).isEqualTo(FilterResult.PASS);
  }

  @Test
  void aNamespaceSelectorPicksNamespacesByTheirLabels() {
    Pod cacheElsewhere = new PodBuilder(labeledPod("cache", "app", "cache").build()).editMetadata().withNamespace("infra").endMetadata().build();
    ClusterSnapshot cluster = cluster(cacheElsewhere, Map.of("infra", Map.of("team", "platform"), "default", Map.of()));
    PodAffinityTerm selecting = new PodAffinityTermBuilder(term(ZONE, "cache"))
        .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "platform").build()).build();
    assertThat(filter(withAffinity("web", "web", selecting, null), cluster, "a2")).isEqualTo(FilterResult.PASS);
    PodAffinityTerm everyNamespace = new PodAffinityTermBuilder(term(ZONE, "cache"))
        .withNamespaceSelector(new LabelSelectorBuilder().build()).build();
    assertThat(filter(withAffinity("web", "web", everyNamespace, null), cluster, "a2")).isEqualTo(FilterResult.PASS);
    PodAffinityTerm otherTeam = new PodAffinityTermBuilder(term(ZONE, "cache"))
        .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "data").build()).build();
    assertThat(filter(withAffinity("web", "web", otherTeam, null), cluster, "a2"))
        .isEqualTo(FilterResult.unresolvable(InterPodAffinity.AFFINITY_RULES));
  }

  @Test
  void aNodeWithoutTheTopologyKeyFailsRequiredAffinity() {
    Pod web = withAffinity("web", "web", term("rack", "cache"), null);
    ClusterSnapshot cluster = cluster(labeledPod("cache", "app", "cache").build(), Map.of());
    assertThat(filter(web, cluster, "a1")).isEqualTo(FilterResult.unresolvable(InterPodAffinity.AFFINITY_RULES));
  }

  @Test
  void preferredAffinityAndAntiAffinityScoreDomains() {
    Pod web = labeledPod("web", "app", "web").editSpec().withNewAffinity()
        .withNewPodAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(
            new WeightedPodAffinityTermBuilder().withWeight(10).withPodAffinityTerm(term(ZONE, "cache")).build()).endPodAffinity()
        .endAffinity().endSpec().build();
    ClusterSnapshot cluster = cluster(labeledPod("cache", "app", "cache").build(), Map.of());
    assertThat(scores(web, cluster)).containsExactly(100, 100, 0);
    Pod spread = labeledPod("web", "app", "web").editSpec().withNewAffinity()
        .withNewPodAntiAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(
            new WeightedPodAffinityTermBuilder().withWeight(10).withPodAffinityTerm(term(ZONE, "cache")).build()).endPodAntiAffinity()
        .endAffinity().endSpec().build();
    assertThat(scores(spread, cluster)).containsExactly(0, 0, 100);
  }

  @Test
  void anExistingPodsRequiredAffinityAttractsMatchingPods() {
    Pod follower = withAffinity("follower", "client", term(ZONE, "web"), null);
    ClusterSnapshot cluster = cluster(follower, Map.of());
    assertThat(scores(labeledPod("web", "app", "web").build(), cluster)).containsExactly(100, 100, 0);
    assertThat(plugin.prepare(info(labeledPod("db", "app", "db").build()), cluster, cluster.nodes())).isSameAs(NodeScorer.SKIP);
  }

  private long[] scores(Pod pod, ClusterSnapshot cluster) {
    NodeScorer scorer = plugin.prepare(info(pod), cluster, cluster.nodes());
    long[] s = new long[cluster.nodes().size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scorer.score(cluster.nodes().get(i));
    }
    scorer.normalize(cluster.nodes(), s);
    return s;
  }
}
