package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real agent killed with SIGKILL, with the controllers' default timings: after the 40 s grace period its node's
 * Ready condition turns Unknown ("Kubelet stopped posting node status."), the node gets the unreachable NoExecute
 * taint, its pods turn not ready, and the pod that tolerates the taint for 5 s is evicted (DisruptionTarget,
 * graceful deletion that stays pending, as the node cannot confirm it) while the pod with the default 300 s toleration
 * stays. Bare pods are not recreated elsewhere. The pods on the surviving node are untouched.
 */
@RequiresRoot
class AgentKillIT {
  private static final String NS = "default";
  private static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  private static final Duration NODE_GONE = Duration.ofSeconds(90);
  private static MultiNodeCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), Kubectl.NEWEST + " is not installed");
    cluster = MultiNodeCluster.start(2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Pod pod(String name, String node, Long tolerationSeconds) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
        .withNodeSelector(Map.of("kubernetes.io/hostname", node)).withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("main").withImage(MultiNodeCluster.IMAGE).withCommand("/bin/sh", "-c", "exec sleep 3600").endContainer()
        .endSpec();
    if (tolerationSeconds != null) {
      b.editSpec().addToTolerations(new TolerationBuilder().withKey(UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
          .withTolerationSeconds(tolerationSeconds).build()).endSpec();
    }
    return b.build();
  }

  private static Optional<NodeCondition> ready(String node) {
    Node n = cluster.client.nodes().withName(node).get();
    return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
  }

  private static Optional<PodCondition> condition(Pod p, String type) {
    return p.getStatus().getConditions() == null ? Optional.empty()
        : p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @Test
  void aKilledAgentsNodeTurnsUnknownAndItsPodsAreEvictedAfterTheirToleration() throws Exception {
    String victim = cluster.nodeNames().get(1);
    String survivor = cluster.nodeNames().get(0);
    cluster.client.resource(pod("short", victim, 5L)).create();
    cluster.client.resource(pod("default", victim, null)).create();
    cluster.client.resource(pod("elsewhere", survivor, 5L)).create();
    cluster.awaitRunning("short");
    cluster.awaitRunning("default");
    cluster.awaitRunning("elsewhere");
    assertThat(cluster.pod("default").getSpec().getTolerations()).as("the default tolerations of 300 s")
        .anyMatch(t -> UNREACHABLE.equals(t.getKey()) && Long.valueOf(300).equals(t.getTolerationSeconds()));

    Instant killed = Instant.now();
    cluster.killAgent(1);

    NodeCondition unknown = Await.until("node " + victim + " to turn Unknown", NODE_GONE, () -> ready(victim).orElseThrow(),
        c -> "Unknown".equals(c.getStatus()));
    assertThat(unknown.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(unknown.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    System.out.printf("AgentKillIT: node Ready=Unknown %d s after the kill%n", Duration.between(killed, Instant.now()).toSeconds());
    Await.until("the unreachable NoExecute taint on " + victim, NODE_GONE, () -> cluster.client.nodes().withName(victim).get().getSpec().getTaints(),
        taints -> taints != null && taints.stream().anyMatch(t -> UNREACHABLE.equals(t.getKey()) && "NoExecute".equals(t.getEffect())));

    Pod evicted = Await.until("the pod tolerating 5 s to be evicted", NODE_GONE, () -> cluster.pod("short"),
        p -> p != null && p.getMetadata().getDeletionTimestamp() != null);
    assertThat(condition(evicted, "DisruptionTarget")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("DeletionByTaintManager");
    });
    Pod kept = Await.until("the pod on the lost node to be marked not ready", NODE_GONE, () -> cluster.pod("default"),
        p -> condition(p, "Ready").map(c -> "False".equals(c.getStatus())).orElse(false));
    assertThat(kept.getMetadata().getDeletionTimestamp()).as("still within its 300 s toleration").isNull();
    Pod untouched = cluster.pod("elsewhere");
    assertThat(untouched.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(condition(untouched, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(cluster.client.nodes().withName(survivor).get().getSpec().getTaints()).noneMatch(t -> UNREACHABLE.equals(t.getKey()));
    assertThat(cluster.client.pods().inNamespace(NS).list().getItems()).as("bare pods are not recreated").hasSize(3);
  }
}
