package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skiff.controllers.nodeipam.NodeIpamConfig;
import io.skiff.controllers.nodeipam.NodeIpamController;
import io.skiff.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node IPAM controller against a real API server: distinct blocks per Node, Kubernetes' CIDRNotAvailable event when
 * the range is exhausted, a deleted Node's block handed to a waiting one, blocks remembered across a controller restart
 * from the Nodes themselves, and spec.podCIDR immutable once set.
 */
class NodeIpamIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Two /24 blocks. */
  private static final NodeIpamConfig TWO_BLOCKS = NodeIpamConfig.of("10.77.0.0/23", 24);

  private Path dataDir;
  private ControlPlane plane;
  private KubernetesClient client;
  private NodeIpamController controller;

  @BeforeEach
  void start() throws Exception {
    dataDir = Files.createTempDirectory("skiff-ipam-it");
    plane = ControlPlane.start(new ControlPlane.Config(dataDir, "127.0.0.1", 0, null));
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setOnlyHttpWatches(true);
    client = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterEach
  void stop() throws Exception {
    if (controller != null) {
      controller.close();
    }
    client.close();
    plane.close();
    TestFiles.deleteTree(dataDir);
  }

  private void createNode(String name) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  private String awaitCidr(String name) {
    Node n = Await.until("node " + name + " to get a pod CIDR", WAIT, () -> client.nodes().withName(name).get(),
        node -> node != null && podCidr(node) != null);
    assertThat(n.getSpec().getPodCIDRs()).containsExactly(n.getSpec().getPodCIDR());
    return n.getSpec().getPodCIDR();
  }

  private static String podCidr(Node node) {
    return node.getSpec() == null ? null : node.getSpec().getPodCIDR();
  }

  private List<Event> cidrNotAvailable(String node) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "CIDRNotAvailable".equals(e.getReason()) && node.equals(e.getInvolvedObject().getName())).toList();
  }

  @Test
  void eachNodeGetsItsOwnBlockUntilTheRangeIsExhausted() {
    controller = NodeIpamController.start(client, TWO_BLOCKS);
    createNode("a");
    createNode("b");
    assertThat(List.of(awaitCidr("a"), awaitCidr("b"))).containsExactlyInAnyOrder("10.77.0.0/24", "10.77.1.0/24");

    createNode("c");
    Event event = Await.until("the CIDRNotAvailable event for c", WAIT, () -> cidrNotAvailable("c"), l -> !l.isEmpty()).getFirst();
    assertThat(event.getType()).isEqualTo("Normal");
    assertThat(event.getMessage()).isEqualTo("Node c status is now: CIDRNotAvailable");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("Node");
    assertThat(event.getSource().getComponent()).isEqualTo("cidrAllocator");
    assertThat(podCidr(client.nodes().withName("c").get())).isNull();

    String freed = podCidr(client.nodes().withName("a").get());
    client.nodes().withName("a").delete();
    assertThat(awaitCidr("c")).isEqualTo(freed);
  }

  @Test
  void aRestartedControllerKnowsTheBlocksFromTheNodes() {
    controller = NodeIpamController.start(client, TWO_BLOCKS);
    createNode("a");
    createNode("b");
    awaitCidr("a");
    awaitCidr("b");
    controller.close();

    controller = NodeIpamController.start(client, TWO_BLOCKS);
    createNode("c");
    Await.until("the CIDRNotAvailable event for c", WAIT, () -> cidrNotAvailable("c"), l -> !l.isEmpty());
    assertThat(podCidr(client.nodes().withName("c").get())).isNull();
  }

  @Test
  void aNodeRegisteredWithAPodCidrKeepsItAndItIsNotHandedOut() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("fixed").endMetadata().withNewSpec().withPodCIDR("10.77.0.0/24")
        .endSpec().build()).create();
    controller = NodeIpamController.start(client, TWO_BLOCKS);
    createNode("other");
    assertThat(awaitCidr("other")).isEqualTo("10.77.1.0/24");
    assertThat(client.nodes().withName("fixed").get().getSpec().getPodCIDRs()).containsExactly("10.77.0.0/24");
  }

  @Test
  void podCidrCannotChangeOnceSet() {
    controller = NodeIpamController.start(client, TWO_BLOCKS);
    createNode("a");
    awaitCidr("a");
    Node named = new NodeBuilder().withNewMetadata().withName("a").endMetadata().build();
    assertThatThrownBy(() -> client.nodes().resource(named).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"podCIDR\":\"10.99.0.0/24\",\"podCIDRs\":[\"10.99.0.0/24\"]}}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).contains("spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid");
        });
  }
}
