package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.common.net.Ipv4Cidr;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real agents, each in its own network namespace, joined to one control plane: each node gets its own pod CIDR
 * from the node IPAM controller, and a pod on one node fetches a page from a pod on the other by pod IP, over the
 * host-gateway routes the agents keep, with its pod address intact (not masqueraded).
 */
@RequiresRoot
class CrossNodeTrafficIT {
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

  private static Pod pod(String name, String node, String script) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata().withNewSpec()
        .withNodeSelector(Map.of("kubernetes.io/hostname", node)).withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("main").withImage(MultiNodeCluster.IMAGE).withCommand("/bin/sh", "-c", script).endContainer()
        .endSpec().build();
  }

  private static Ipv4Cidr podCidr(String node) {
    Node n = cluster.client.nodes().withName(node).get();
    assertThat(n.getSpec().getPodCIDRs()).containsExactly(n.getSpec().getPodCIDR());
    return Ipv4Cidr.parse(n.getSpec().getPodCIDR());
  }

  @Test
  void podsOnDifferentNodesReachEachOtherByPodIp() {
    List<String> nodes = cluster.nodeNames();
    Ipv4Cidr first = podCidr(nodes.get(0));
    Ipv4Cidr second = podCidr(nodes.get(1));
    assertThat(first).isNotEqualTo(second);
    assertThat(cluster.ipam.clusterCidr().contains(first)).isTrue();
    assertThat(cluster.ipam.clusterCidr().contains(second)).isTrue();

    String payload = "cross-node " + cluster.tag + " " + "0123456789abcdef".repeat(64);
    Pod serverPod = pod("server", nodes.get(0), "mkdir -p /www && printf '%s' \"$PAYLOAD\" > /www/index.html && exec httpd -f -vv -p 8080 -h /www");
    serverPod.getSpec().getContainers().getFirst().setEnv(List.of(new EnvVarBuilder().withName("PAYLOAD").withValue(payload).build()));
    cluster.client.resource(serverPod).create();
    cluster.client.resource(pod("client", nodes.get(1), "exec sleep 3600")).create();
    Pod server = cluster.awaitRunning("server");
    Pod client = cluster.awaitRunning("client");
    assertThat(server.getSpec().getNodeName()).isEqualTo(nodes.get(0));
    assertThat(client.getSpec().getNodeName()).isEqualTo(nodes.get(1));
    assertThat(first.contains(server.getStatus().getPodIP())).as("server pod IP %s in %s", server.getStatus().getPodIP(), first).isTrue();
    assertThat(second.contains(client.getStatus().getPodIP())).as("client pod IP %s in %s", client.getStatus().getPodIP(), second).isTrue();

    Kubectl.Result fetched = Await.until("the client to fetch the server's page", MultiNodeCluster.WAIT,
        () -> cluster.kubectl.run("exec", "client", "--", "timeout", "10", "wget", "-q", "-O", "-", "http://" + server.getStatus().getPodIP() + ":8080/"),
        r -> r.code() == 0);
    assertThat(fetched.out()).isEqualTo(payload);

    Kubectl.Result log = cluster.kubectl.run("logs", "server");
    // busybox httpd logs the peer as IP:port, or [::ffff:IP]:port on a dual-stack socket
    assertThat(log.out()).as("the server sees the client's pod address, not its node's")
        .containsPattern("(?m)^(\\[::ffff:)?" + Pattern.quote(client.getStatus().getPodIP()) + "\\]?:\\d+: url:/");
  }

  @Test
  void eachAgentRoutesTheOtherNodesPodCidrsAndDropsRoutesOfDeletedNodes() {
    List<String> nodes = cluster.nodeNames();
    String toSecond = podCidr(nodes.get(1)) + " via " + cluster.nodeIp(1);
    String toFirst = podCidr(nodes.get(0)) + " via " + cluster.nodeIp(0);
    Await.until("agent 0 to route to node 1's pods", MultiNodeCluster.WAIT, () -> cluster.agentRoutes(0), r -> r.contains(toSecond));
    Await.until("agent 1 to route to node 0's pods", MultiNodeCluster.WAIT, () -> cluster.agentRoutes(1), r -> r.contains(toFirst));
    assertThat(cluster.agentRoutes(0)).doesNotContain(podCidr(nodes.get(0)).toString());

    // A node that exists only as an object, on the same link: routed while it exists, unrouted once deleted.
    String ghostIp = cluster.nodeIp(0).substring(0, cluster.nodeIp(0).lastIndexOf('.')) + ".99";
    cluster.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("ghost-" + cluster.tag).endMetadata().build()).create();
    cluster.client.nodes().withName("ghost-" + cluster.tag).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
        .addNewAddress().withType("InternalIP").withAddress(ghostIp).endAddress().endStatus().build());
    String ghostCidr = Await.until("the ghost node to get a pod CIDR", MultiNodeCluster.WAIT,
        () -> cluster.client.nodes().withName("ghost-" + cluster.tag).get(), n -> n.getSpec() != null && n.getSpec().getPodCIDR() != null)
        .getSpec().getPodCIDR();
    Await.until("agent 0 to route to the ghost's pods", MultiNodeCluster.WAIT, () -> cluster.agentRoutes(0),
        r -> r.contains(ghostCidr + " via " + ghostIp));
    cluster.client.nodes().withName("ghost-" + cluster.tag).delete();
    Await.until("agent 0 to drop the ghost's route", MultiNodeCluster.WAIT, () -> cluster.agentRoutes(0), r -> !r.contains(ghostCidr));
    assertThat(cluster.agentRoutes(0)).contains(toSecond);
  }
}
