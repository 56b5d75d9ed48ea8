package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.controllers.nodelifecycle.NodeLifecycleConfig;
import io.skiff.kubelet.hollow.HollowCluster;
import io.skiff.kubelet.hollow.HollowConfig;
import io.skiff.scheduler.SchedulerConfig;
import io.skiff.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node lifecycle end to end, on three hollow nodes with short timings (lease renewal 1 s, grace period 3 s): a node
 * whose kubelet stops goes Ready=Unknown, gets the unreachable taints, its pods turn not ready and those tolerating
 * the taint for 2 s are evicted; when the node returns its taints go, the evicted pod's deletion completes and the
 * pod tolerating for 300 s stays, its deletion cancelled.
 */
class NodeLifecycleIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "default";
  private static final String UNREACHABLE = "node.kubernetes.io/unreachable";

  private HollowTestCluster cluster;
  private KubernetesClient client;
  private HollowCluster hollow;

  @BeforeEach
  void start() throws Exception {
    cluster = HollowTestCluster.start("lifecycle", HollowConfig.of("hollow-", 3).withLeaseRenewal(Duration.ofSeconds(1)),
        c -> Controllers.startAll(c, Controllers.components(SchedulerConfig.defaults(),
            NodeLifecycleConfig.defaults().withTimings(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(10)), Duration.ofSeconds(1))));
    client = cluster.client;
    hollow = cluster.hollow;
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Pod onNode(String name, String node, Long tolerationSeconds) {
    var spec = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
        .withNodeSelector(Map.of("kubernetes.io/hostname", node)).addNewContainer().withName("app").withImage("busybox:1.36").endContainer();
    if (tolerationSeconds != null) {
      spec.withTolerations(
          new TolerationBuilder().withKey(UNREACHABLE).withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(tolerationSeconds).build(),
          new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute")
              .withTolerationSeconds(tolerationSeconds).build());
    }
    return spec.endSpec().build();
  }

  private Optional<NodeCondition> ready(String node) {
    Node n = client.nodes().withName(node).get();
    return n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
  }

  private List<Taint> taints(String node) {
    Node n = client.nodes().withName(node).get();
    return n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
  }

  private boolean hasEvent(String reason, String message) {
    List<Event> events = client.v1().events().inNamespace(NS).list().getItems();
    return events.stream().anyMatch(e -> reason.equals(e.getReason()) && message.equals(e.getMessage()));
  }

  private static String podReady(Pod p) {
    return p.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).map(c -> c.getStatus()).findFirst().orElse("");
  }

  @Test
  void aSilentNodeIsMarkedUnknownTaintedAndItsPodsEvictedAfterTheirTolerationThenItRecovers() {
    Await.until("3 nodes Ready", WAIT, () -> client.nodes().list().getItems().size() == 3
        && List.of("hollow-0", "hollow-1", "hollow-2").stream().allMatch(n -> ready(n).map(c -> c.getStatus().equals("True")).orElse(false)));
    client.pods().inNamespace(NS).resource(onNode("fast", "hollow-1", 2L)).create();
    client.pods().inNamespace(NS).resource(onNode("patient", "hollow-1", null)).create();
    client.pods().inNamespace(NS).resource(onNode("elsewhere", "hollow-0", 2L)).create();
    Await.until("pods Running", WAIT, () -> client.pods().inNamespace(NS).withField("status.phase", "Running").list().getItems().size(), n -> n == 3);
    assertThat(client.pods().inNamespace(NS).withName("patient").get().getSpec().getTolerations())
        .as("admission adds the default five minutes").anySatisfy(t -> {
          assertThat(t.getKey()).isEqualTo(UNREACHABLE);
          assertThat(t.getTolerationSeconds()).isEqualTo(300L);
        });

    hollow.stop("hollow-1");

    NodeCondition unknown = Await.until("hollow-1 Ready=Unknown", WAIT, () -> ready("hollow-1").orElseThrow(),
        c -> c.getStatus().equals("Unknown"));
    assertThat(unknown.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(unknown.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    Await.until("the unreachable taints on hollow-1", WAIT, () -> taints("hollow-1"), t -> t.stream()
        .filter(x -> UNREACHABLE.equals(x.getKey())).map(Taint::getEffect).toList().containsAll(List.of("NoSchedule", "NoExecute")));
    assertThat(taints("hollow-0")).as("the healthy node").isEmpty();
    Await.until("the pods of hollow-1 not ready", WAIT, () -> podReady(client.pods().inNamespace(NS).withName("patient").get()), "False"::equals);
    Await.until("a NodeNotReady event for the pod", WAIT, () -> hasEvent("NodeNotReady", "Node is not ready"));

    Pod evicted = Await.until("the 2-second pod evicted", WAIT, () -> client.pods().inNamespace(NS).withName("fast").get(),
        p -> p.getMetadata().getDeletionTimestamp() != null);
    assertThat(evicted.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionTarget");
      assertThat(c.getReason()).isEqualTo("DeletionByTaintManager");
      assertThat(c.getMessage()).isEqualTo("Taint manager: deleting due to NoExecute taint");
    });
    Await.until("the eviction event", WAIT, () -> hasEvent("TaintManagerEviction", "Marking for deletion Pod default/fast"));
    assertThat(client.pods().inNamespace(NS).withName("patient").get().getMetadata().getDeletionTimestamp()).as("300 s not over").isNull();
    assertThat(client.pods().inNamespace(NS).withName("elsewhere").get().getMetadata().getDeletionTimestamp()).isNull();

    hollow.resume("hollow-1");

    Await.until("hollow-1 Ready again", WAIT, () -> ready("hollow-1").orElseThrow(), c -> c.getStatus().equals("True"));
    Await.until("its taints removed", WAIT, () -> taints("hollow-1"), List::isEmpty);
    Await.until("the evicted pod's deletion completed by its node", WAIT, () -> client.pods().inNamespace(NS).withName("fast").get() == null);
    Await.until("the patient pod ready again", WAIT, () -> podReady(client.pods().inNamespace(NS).withName("patient").get()), "True"::equals);
    Await.until("its deletion cancelled", WAIT, () -> hasEvent("TaintManagerEviction", "Cancelling deletion of Pod default/patient"));
  }
}
