package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesFitTest {
  /** A node of 2 cpu, 4Gi and {@code maxPods} pods, already running pods that request {@code usedCpu}/{@code usedMemory} each. */
  record Case(String name, String cpu, String memory, int maxPods, int running, String usedCpu, String usedMemory,
              FilterResult expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> filter() {
    return Stream.of(
        new Case("fits an empty node", "1", "1Gi", 110, 0, null, null, FilterResult.PASS),
        new Case("fits exactly", "2", "4Gi", 110, 0, null, null, FilterResult.PASS),
        new Case("one millicore too much", "2001m", "1Gi", 110, 0, null, null, FilterResult.unschedulable("Insufficient cpu")),
        new Case("too much memory", "1", "5Gi", 110, 0, null, null, FilterResult.unschedulable("Insufficient memory")),
        new Case("both, in Kubernetes' order", "3", "5Gi", 110, 0, null, null,
            FilterResult.unschedulable("Insufficient cpu", "Insufficient memory")),
        new Case("what bound pods request is taken", "1", "1Gi", 110, 2, "600m", "1Gi", FilterResult.unschedulable("Insufficient cpu")),
        new Case("bound pods leave enough", "800m", "2Gi", 110, 2, "600m", "1Gi", FilterResult.PASS),
        new Case("pod count is a limit even without requests", null, null, 2, 2, null, null,
            FilterResult.unschedulable("Too many pods")),
        new Case("pod count and resources together", "3", null, 1, 1, null, null,
            FilterResult.unschedulable("Too many pods", "Insufficient cpu")));
  }

  @ParameterizedTest
  @MethodSource
  void filter(Case c) {
    List<PodInfo> running = new ArrayList<>();
    for (int i = 0; i < c.running(); i++) {
      running.add(PodInfo.of(boundTo(pod("r" + i, c.usedCpu(), c.usedMemory()).build(), "n")));
    }
    NodeInfo node = NodeInfo.of(node("n", "2", "4Gi", c.maxPods()).build(), running);
    Pod pod = pod("p", c.cpu(), c.memory()).build();
    assertThat(new NodeResourcesFit().filter(info(pod), node)).isEqualTo(c.expected());
  }

  static Pod withInits(String appCpu, String... inits) {
    var b = pod("p", appCpu, null).editSpec();
    for (int i = 0; i < inits.length; i++) {
      String[] parts = inits[i].split(":");
      var c = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("init" + i).withImage("busybox")
          .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity(parts[0])).endResources();
      if (parts.length > 1) {
        c.withRestartPolicy("Always");
      }
      b.addToInitContainers(c.build());
    }
    return b.endSpec().build();
  }

  @Test
  void theLargestInitContainerCountsNotTheirSum() {
    NodeInfo node = NodeInfo.of(node("n", "2", "4Gi", 110).build(), List.of());
    assertThat(new NodeResourcesFit().filter(info(withInits("500m", "1500m", "1500m")), node)).isEqualTo(FilterResult.PASS);
    assertThat(new NodeResourcesFit().filter(info(withInits("500m", "2500m")), node))
        .isEqualTo(FilterResult.unschedulable("Insufficient cpu"));
  }

  @Test
  void sidecarsAddToTheAppContainersAndToLaterInitContainers() {
    NodeInfo node = NodeInfo.of(node("n", "2", "4Gi", 110).build(), List.of());
    // sidecar 1 cpu + app 1.5 cpu = 2.5 cpu: more than the node has, though each alone fits.
    assertThat(new NodeResourcesFit().filter(info(withInits("1500m", "1:sidecar")), node))
        .isEqualTo(FilterResult.unschedulable("Insufficient cpu"));
    // an init container after the sidecar runs beside it: 1 + 1.5 = 2.5 cpu.
    assertThat(new NodeResourcesFit().filter(info(withInits("100m", "1:sidecar", "1500m")), node))
        .isEqualTo(FilterResult.unschedulable("Insufficient cpu"));
    // the same init container before the sidecar runs alone: max(1.5, 1 + 0.1) fits.
    assertThat(new NodeResourcesFit().filter(info(withInits("100m", "1500m", "1:sidecar")), node)).isEqualTo(FilterResult.PASS);
  }
}
