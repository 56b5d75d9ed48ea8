package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.framework.NodeLocalFilter;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** NodeUnschedulable, NodeName, NodeReady and NodePorts, one table. */
class NodeFiltersTest {
  record Case(String name, NodeLocalFilter plugin, Pod pod, NodeInfo node, FilterResult expected) {
    @Override
    public String toString() {
      return plugin.name() + ": " + name;
    }
  }

  static final String NOT_READY = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";

  static Pod plain() {
    return pod("p", null, null).build();
  }

  static Pod tolerating(String key, String effect) {
    return pod("p", null, null).editSpec().addNewToleration().withKey(key).withOperator("Exists").withEffect(effect)
        .endToleration().endSpec().build();
  }

  static Node withReady(String status) {
    var b = node("n", "1", "1Gi", 10).editStatus().withConditions().endStatus();
    if (status != null) {
      b.editStatus().addNewCondition().withType("Ready").withStatus(status).endCondition().endStatus();
    }
    return b.build();
  }

  static Pod withHostPort(String name, int port, String ip, String protocol) {
    return new PodBuilder(pod(name, null, null).build()).editSpec().editFirstContainer()
        .withPorts(new ContainerPortBuilder().withContainerPort(80).withHostPort(port).withHostIP(ip).withProtocol(protocol).build())
        .endContainer().endSpec().build();
  }

  static Stream<Case> filter() {
    Node cordoned = node("n", "1", "1Gi", 10).editSpec().withUnschedulable(true).endSpec().build();
    Node ready = node("n", "1", "1Gi", 10).build();
    return Stream.of(
        new Case("a schedulable node", new NodeUnschedulable(), plain(), nodeInfo(ready), FilterResult.PASS),
        new Case("a cordoned node", new NodeUnschedulable(), plain(), nodeInfo(cordoned),
            FilterResult.unresolvable("node(s) were unschedulable")),
        new Case("a cordoned node, tolerated", new NodeUnschedulable(), tolerating("node.kubernetes.io/unschedulable", "NoSchedule"),
            nodeInfo(cordoned), FilterResult.PASS),
        new Case("no node name asked", new NodeName(), plain(), nodeInfo(ready), FilterResult.PASS),
        new Case("this node's name", new NodeName(), pod("p", null, null).editSpec().withNodeName("n").endSpec().build(),
            nodeInfo(ready), FilterResult.PASS),
        new Case("another node's name", new NodeName(), pod("p", null, null).editSpec().withNodeName("m").endSpec().build(),
            nodeInfo(ready), FilterResult.unresolvable("node(s) didn't match the requested node name")),
        new Case("Ready", new NodeReady(), plain(), nodeInfo(withReady("True")), FilterResult.PASS),
        new Case("not Ready", new NodeReady(), plain(), nodeInfo(withReady("False")), FilterResult.unresolvable(NOT_READY)),
        new Case("no Ready condition yet", new NodeReady(), plain(), nodeInfo(withReady(null)), FilterResult.unresolvable(NOT_READY)),
        new Case("Ready Unknown", new NodeReady(), plain(), nodeInfo(withReady("Unknown")),
            FilterResult.unresolvable("node(s) had untolerated taint {node.kubernetes.io/unreachable: }")),
        new Case("not Ready, tolerated", new NodeReady(), tolerating("node.kubernetes.io/not-ready", "NoSchedule"),
            nodeInfo(withReady("False")), FilterResult.PASS),
        new Case("not Ready, the default NoExecute toleration is not enough", new NodeReady(),
            tolerating("node.kubernetes.io/not-ready", "NoExecute"), nodeInfo(withReady("False")), FilterResult.unresolvable(NOT_READY)),
        new Case("a free host port", new NodePorts(), withHostPort("p", 8080, null, null),
            nodeInfo(ready, boundTo(withHostPort("q", 8081, null, null), "n")), FilterResult.PASS),
        new Case("a taken host port", new NodePorts(), withHostPort("p", 8080, null, null),
            nodeInfo(ready, boundTo(withHostPort("q", 8080, null, "TCP"), "n")),
            FilterResult.unschedulable("node(s) didn't have free ports for the requested pod ports")),
        new Case("the same port over another protocol", new NodePorts(), withHostPort("p", 53, null, "UDP"),
            nodeInfo(ready, boundTo(withHostPort("q", 53, null, null), "n")), FilterResult.PASS),
        new Case("the same port on two specific addresses", new NodePorts(), withHostPort("p", 80, "10.0.0.1", null),
            nodeInfo(ready, boundTo(withHostPort("q", 80, "10.0.0.2", null), "n")), FilterResult.PASS),
        new Case("a specific address against every address", new NodePorts(), withHostPort("p", 80, "10.0.0.1", null),
            nodeInfo(ready, boundTo(withHostPort("q", 80, null, null), "n")),
            FilterResult.unschedulable("node(s) didn't have free ports for the requested pod ports")));
  }

  @ParameterizedTest
  @MethodSource
  void filter(Case c) {
    assertThat(c.plugin().filter(info(c.pod()), c.node())).isEqualTo(c.expected());
  }
}
