package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.skiff.kubelet.hollow.HollowConfig;
import io.skiff.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl cordon}, {@code uncordon} and {@code drain} with the real kubectl, on two hollow nodes with the
 * cluster's controllers: cordoning makes the node unschedulable (and tainted so by the node lifecycle controller), and
 * draining evicts its pods through {@code pods/eviction}; the node completes their deletion and kubectl reports the
 * node drained. Also fabric8's own {@code evict()}.
 */
@Tag("kubectl")
class DrainIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "default";

  private HollowTestCluster cluster;
  private KubernetesClient client;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), Kubectl.NEWEST + " is not installed");
    cluster = HollowTestCluster.start("drain", HollowConfig.of("drain-", 2), c -> Controllers.startAll(c, Controllers.components()));
    client = cluster.client;
    kubectl = cluster.kubectl();
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Pod pod(String name, String node) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
        .withNodeSelector(Map.of("kubernetes.io/hostname", node)).addNewContainer().withName("app").withImage("busybox:1.36").endContainer()
        .endSpec().build();
  }

  private List<Taint> taints(String node) {
    Node n = client.nodes().withName(node).get();
    return n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
  }

  private void awaitRunning(String... names) {
    for (String name : names) {
      Await.until(name + " Running", WAIT, () -> client.pods().inNamespace(NS).withName(name).get().getStatus().getPhase(), "Running"::equals);
    }
  }

  @Test
  void cordonUncordonAndDrainAsKubectlDoesThem() {
    Await.until("2 nodes", WAIT, () -> client.nodes().list().getItems().size() == 2);
    client.pods().inNamespace(NS).resource(pod("web-0", "drain-0")).create();
    client.pods().inNamespace(NS).resource(pod("web-1", "drain-0")).create();
    client.pods().inNamespace(NS).resource(pod("other", "drain-1")).create();
    awaitRunning("web-0", "web-1", "other");

    Kubectl.Result cordon = kubectl.run("cordon", "drain-0");
    assertThat(cordon.code()).as(cordon.all()).isZero();
    assertThat(cordon.out()).contains("node/drain-0 cordoned");
    assertThat(client.nodes().withName("drain-0").get().getSpec().getUnschedulable()).isTrue();
    Await.until("the unschedulable taint", WAIT, () -> taints("drain-0"), t -> t.stream()
        .anyMatch(x -> x.getKey().equals("node.kubernetes.io/unschedulable") && x.getEffect().equals("NoSchedule")));
    assertThat(kubectl.run("get", "node", "drain-0").out()).contains("Ready,SchedulingDisabled");

    client.pods().inNamespace(NS).resource(pod("late", "drain-0")).create();
    Await.until("late unschedulable", WAIT, () -> client.v1().events().inNamespace(NS).list().getItems().stream()
        .anyMatch(e -> "FailedScheduling".equals(e.getReason()) && e.getMessage().startsWith(
            "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable.")));

    Kubectl.Result uncordon = kubectl.run("uncordon", "drain-0");
    assertThat(uncordon.out()).as(uncordon.all()).contains("node/drain-0 uncordoned");
    Await.until("the unschedulable taint removed", WAIT, () -> taints("drain-0"), List::isEmpty);
    awaitRunning("late");

    Kubectl.Result drain = kubectl.run("drain", "drain-0", "--force", "--ignore-daemonsets", "--timeout=50s");
    assertThat(drain.code()).as(drain.all()).isZero();
    assertThat(drain.out()).contains("node/drain-0 cordoned", "evicting pod default/web-0", "pod/web-0 evicted", "pod/late evicted",
        "node/drain-0 drained");
    assertThat(drain.err()).contains("deleting Pods that declare no controller");
    assertThat(client.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("other");

    Kubectl.Result nothingLeft = kubectl.run("drain", "drain-0", "--force");
    assertThat(nothingLeft.out()).as(nothingLeft.all()).contains("node/drain-0 drained");
  }

  @Test
  void anEvictionMarksThePodAndDeletesItGracefully() {
    Await.until("2 nodes", WAIT, () -> client.nodes().list().getItems().size() == 2);
    client.pods().inNamespace(NS).resource(pod("victim", "drain-1")).create();
    awaitRunning("victim");
    assertThat(client.pods().inNamespace(NS).withName("victim").evict()).isTrue();
    assertThatThrownBy(() -> client.pods().inNamespace(NS).withName("missing").evict()).as("a pod that is not there")
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    Await.until("the evicted pod gone", WAIT, () -> client.pods().inNamespace(NS).withName("victim").get() == null);
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("Killing");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("victim");
    });
  }
}
