package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler placing real pods on three real agents, each in its own network namespace: topology spread,
 * inter-pod affinity and anti-affinity, taints and tolerations, resource fit and host ports. Pods run on runc; pods
 * that cannot be placed stay Pending with Kubernetes' {@code Unschedulable} condition, whose message counts every
 * node's reason. Each test deletes its pods, so the nodes are empty again for the next.
 */
@RequiresRoot
class MultiNodeSchedulingIT {
  private static final String NS = "default";
  private static MultiNodeCluster cluster;
  private static List<String> nodes;
  private final List<String> created = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), Kubectl.NEWEST + " is not installed");
    cluster = MultiNodeCluster.start(3);
    nodes = cluster.nodeNames();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void deletePods() {
    for (String name : created) {
      cluster.client.pods().inNamespace(NS).withName(name).withGracePeriod(0).delete();
    }
    for (String name : created) {
      Await.until("pod " + name + " to be gone", MultiNodeCluster.WAIT, () -> cluster.pod(name) == null);
    }
    created.clear();
  }

  private PodBuilder pod(String name, String app) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(Map.of("app", app)).endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("main").withImage(MultiNodeCluster.IMAGE).withCommand("/bin/sh", "-c", "exec sleep 3600").endContainer()
        .endSpec();
  }

  private void create(PodBuilder pod) {
    Pod p = pod.build();
    created.add(p.getMetadata().getName());
    cluster.client.resource(p).create();
  }

  private String nodeOf(String name) {
    return cluster.awaitRunning(name).getSpec().getNodeName();
  }

  /** The message of the pod's {@code PodScheduled=False, reason Unschedulable} condition, once the scheduler gave up on it. */
  private String unschedulable(String name) {
    Pod p = Await.until("pod " + name + " to be found unschedulable", MultiNodeCluster.WAIT, () -> cluster.pod(name), pod -> condition(pod) != null);
    assertThat(p.getSpec().getNodeName()).isNull();
    assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
    return condition(p).getMessage();
  }

  private static PodCondition condition(Pod p) {
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return null;
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
        .findFirst().orElse(null);
  }

  private static UnaryOperator<PodBuilder> requiredAntiAffinity(String app) {
    return b -> b.editSpec().withNewAffinity().withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
        .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", app)).build()).withTopologyKey("kubernetes.io/hostname").build())
        .endPodAntiAffinity().endAffinity().endSpec();
  }

  @Test
  void topologySpreadPutsOnePodOnEachNode() {
    for (int i = 0; i < 3; i++) {
      create(pod("spread-" + i, "spread").editSpec().withTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
          .withTopologyKey("kubernetes.io/hostname").withWhenUnsatisfiable("DoNotSchedule")
          .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "spread")).build()).build()).endSpec());
    }
    Set<String> placed = Set.of(nodeOf("spread-0"), nodeOf("spread-1"), nodeOf("spread-2"));
    assertThat(placed).containsExactlyInAnyOrderElementsOf(nodes);
  }

  @Test
  void podAffinityFollowsItsPeerToTheSameNode() {
    create(pod("peer", "peer").editSpec().withNodeSelector(Map.of("kubernetes.io/hostname", nodes.get(2))).endSpec());
    assertThat(nodeOf("peer")).isEqualTo(nodes.get(2));
    for (int i = 0; i < 2; i++) {
      create(pod("follower-" + i, "follower").editSpec().withNewAffinity().withNewPodAffinity()
          .withRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
              .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "peer")).build()).withTopologyKey("kubernetes.io/hostname").build())
          .endPodAffinity().endAffinity().endSpec());
    }
    assertThat(nodeOf("follower-0")).isEqualTo(nodes.get(2));
    assertThat(nodeOf("follower-1")).isEqualTo(nodes.get(2));
  }

  @Test
  void antiAffinityKeepsPodsApartAndLeavesTheFourthPending() {
    for (int i = 0; i < 3; i++) {
      create(requiredAntiAffinity("apart").apply(pod("apart-" + i, "apart")));
    }
    Set<String> placed = Set.of(nodeOf("apart-0"), nodeOf("apart-1"), nodeOf("apart-2"));
    assertThat(placed).containsExactlyInAnyOrderElementsOf(nodes);
    create(requiredAntiAffinity("apart").apply(pod("apart-3", "apart")));
    assertThat(unschedulable("apart-3")).startsWith("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
  }

  @Test
  void taintedNodeTakesOnlyPodsThatTolerateIt() {
    String tainted = nodes.get(0);
    assertThat(cluster.kubectl.run("taint", "node", tainted, "dedicated=skiff:NoSchedule").code()).isZero();
    try {
      create(pod("intolerant", "taints").editSpec().withNodeSelector(Map.of("kubernetes.io/hostname", tainted)).endSpec());
      assertThat(unschedulable("intolerant")).startsWith("0/3 nodes are available: ")
          .contains("1 node(s) had untolerated taint {dedicated: skiff}", "2 node(s) didn't match Pod's node affinity/selector");
      create(pod("tolerant", "taints").editSpec().withNodeSelector(Map.of("kubernetes.io/hostname", tainted))
          .withTolerations(new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("skiff").withEffect("NoSchedule").build()).endSpec());
      assertThat(nodeOf("tolerant")).isEqualTo(tainted);
      for (int i = 0; i < 4; i++) {
        create(pod("anywhere-" + i, "taints"));
      }
      for (int i = 0; i < 4; i++) {
        assertThat(nodeOf("anywhere-" + i)).isNotEqualTo(tainted);
      }
    } finally {
      assertThat(cluster.kubectl.run("taint", "node", tainted, "dedicated=skiff:NoSchedule-").code()).isZero();
    }
  }

  @Test
  void resourceFitCountsWhatIsAlreadyRequested() {
    Quantity allocatable = cluster.client.nodes().withName(nodes.get(0)).get().getStatus().getAllocatable().get("cpu");
    long millis = Quantity.getAmountInBytes(allocatable).movePointRight(3).longValue();
    // More than half of a node: one such pod per node, a fourth fits nowhere.
    String request = (millis / 2 + 100) + "m";
    for (int i = 0; i < 3; i++) {
      create(pod("big-" + i, "big").editSpec().editFirstContainer().withNewResources().addToRequests("cpu", new Quantity(request)).endResources()
          .endContainer().endSpec());
      nodeOf("big-" + i);
    }
    assertThat(created.stream().map(this::nodeOf).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(nodes);
    create(pod("big-3", "big").editSpec().editFirstContainer().withNewResources().addToRequests("cpu", new Quantity(request)).endResources()
        .endContainer().endSpec());
    assertThat(unschedulable("big-3")).startsWith("0/3 nodes are available: 3 Insufficient cpu.");
  }

  @Test
  void hostPortsKeepPodsApartAndServeOnTheirNode() throws Exception {
    for (int i = 0; i < 3; i++) {
      create(new PodBuilder(pod("web-" + i, "web").build()).editSpec().editFirstContainer()
          .withCommand("/bin/sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www")
          .addNewPort().withContainerPort(8080).withHostPort(18080).withProtocol("TCP").endPort().endContainer().endSpec());
    }
    List<String> placed = List.of(nodeOf("web-0"), nodeOf("web-1"), nodeOf("web-2"));
    assertThat(Set.copyOf(placed)).containsExactlyInAnyOrderElementsOf(nodes);
    create(new PodBuilder(pod("web-3", "web").build()).editSpec().editFirstContainer()
        .addNewPort().withContainerPort(8080).withHostPort(18080).withProtocol("TCP").endPort().endContainer().endSpec());
    assertThat(unschedulable("web-3")).startsWith("0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.");

    // Each node's host port reaches the pod placed there (the pod's hostname is its name).
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      for (int i = 0; i < 3; i++) {
        String node = placed.get(i);
        String ip = cluster.nodeIp(nodes.indexOf(node));
        String expected = "web-" + i;
        HttpResponse<String> page = Await.until("node " + node + "'s port 18080 to serve " + expected, MultiNodeCluster.WAIT, () -> {
          try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":18080/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
          } catch (java.io.IOException e) {
            return null;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        }, r -> r != null && r.statusCode() == 200);
        assertThat(page.body().strip()).isEqualTo(expected);
      }
    }
  }
}
