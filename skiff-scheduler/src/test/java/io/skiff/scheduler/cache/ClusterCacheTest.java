package io.skiff.scheduler.cache;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.framework.NodeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterCacheTest {
  private final ClusterCache cache = new ClusterCache();

  private NodeInfo only() {
    List<NodeInfo> nodes = cache.snapshot().nodes();
    assertThat(nodes).hasSize(1);
    return nodes.get(0);
  }

  @Test
  void boundPodsCountOnTheirNode() {
    cache.upsertNode(node("n", "4", "8Gi", 110).build());
    cache.upsertPod(boundTo(pod("a", "1", "1Gi").build(), "n"));
    cache.upsertPod(pod("pending", "1", "1Gi").build());
    assertThat(only().requested().milliCpu()).isEqualTo(1000);
    assertThat(only().pods()).hasSize(1);
  }

  @Test
  void finishedPodsFreeTheirRoom() {
    cache.upsertNode(node("n", "4", "8Gi", 110).build());
    Pod a = boundTo(pod("a", "1", "1Gi").build(), "n");
    cache.upsertPod(a);
    cache.upsertPod(new PodBuilder(a).editStatus().withPhase("Succeeded").endStatus().build());
    assertThat(only().pods()).isEmpty();
  }

  @Test
  void anAssumedPodCountsUntilTheInformerShowsItAndSurvivesAnOlderUnboundVersion() {
    cache.upsertNode(node("n", "4", "8Gi", 110).build());
    Pod p = pod("p", "2", null).build();
    cache.assume(p, "n");
    assertThat(only().requested().milliCpu()).isEqualTo(2000);
    cache.upsertPod(p);
    assertThat(cache.isCounted(p.getMetadata().getUid())).isTrue();
    cache.upsertPod(boundTo(p, "n"));
    cache.forget(p.getMetadata().getUid());
    assertThat(only().pods()).as("a confirmed pod is not forgotten").hasSize(1);
    cache.removePod(p);
    assertThat(only().pods()).isEmpty();
  }

  @Test
  void forgetUndoesAnAssumption() {
    cache.upsertNode(node("n", "4", "8Gi", 110).build());
    Pod p = pod("p", "2", null).build();
    cache.assume(p, "n");
    cache.forget(p.getMetadata().getUid());
    assertThat(only().pods()).isEmpty();
  }

  @Test
  void podsOnUnknownNodesAreLeftOutAndNodesAreSortedByName() {
    cache.upsertNode(node("b", "1", "1Gi", 10).build());
    cache.upsertNode(node("a", "1", "1Gi", 10).build());
    cache.upsertPod(boundTo(pod("x", null, null).build(), "gone"));
    assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).containsExactly("a", "b");
    assertThat(cache.snapshot().nodes()).allSatisfy(n -> assertThat(n.pods()).isEmpty());
    cache.removeNode("a");
    assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).containsExactly("b");
  }

  @Test
  void aSnapshotIsReusedUntilSomethingChangesAndUnchangedNodesKeepTheirView() {
    cache.upsertNode(node("a", "4", "8Gi", 110).build());
    cache.upsertNode(node("b", "4", "8Gi", 110).build());
    var first = cache.snapshot();
    assertThat(cache.snapshot()).isSameAs(first);
    cache.upsertPod(boundTo(pod("x", "1", null).build(), "b"));
    var second = cache.snapshot();
    assertThat(second).isNotSameAs(first);
    assertThat(second.nodes().get(0)).as("node a did not change").isSameAs(first.nodes().get(0));
    assertThat(second.nodes().get(1).pods()).hasSize(1);
  }

  @Test
  void namespaceLabelsAreInTheSnapshot() {
    cache.upsertNamespace("infra", java.util.Map.of("team", "platform"));
    assertThat(cache.snapshot().namespaceLabels("infra")).containsEntry("team", "platform");
    cache.removeNamespace("infra");
    assertThat(cache.snapshot().namespaceLabels("infra")).isEmpty();
  }
}
