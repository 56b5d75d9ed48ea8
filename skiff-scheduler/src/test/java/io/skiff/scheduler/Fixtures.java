package io.skiff.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for the pods and nodes the scheduler tests use. */
public final class Fixtures {
  private Fixtures() {}

  /** A pending pod in {@code default} with one container requesting {@code cpu} and {@code memory} (null: none). */
  public static PodBuilder pod(String name, String cpu, String memory) {
    Map<String, Quantity> requests = new HashMap<>();
    if (cpu != null) {
      requests.put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      requests.put("memory", new Quantity(memory));
    }
    return new PodBuilder()
        .withNewMetadata().withNamespace("default").withName(name).withUid(UUID.randomUUID().toString())
        .withResourceVersion("1").endMetadata()
        .withNewSpec().withSchedulerName("default-scheduler")
        .addNewContainer().withName("app").withImage("busybox").withNewResources().withRequests(requests).endResources().endContainer()
        .endSpec()
        .withNewStatus().withPhase("Pending").endStatus();
  }

  /** The pod bound to {@code node}. */
  public static Pod boundTo(Pod pod, String node) {
    return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
  }

  /** A Ready node with allocatable cpu, memory and pods. */
  public static NodeBuilder node(String name, String cpu, String memory, int pods) {
    return new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus()
        .addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
        .addToAllocatable("pods", new Quantity(Integer.toString(pods)))
        .addToCapacity("cpu", new Quantity(cpu)).addToCapacity("memory", new Quantity(memory))
        .addToCapacity("pods", new Quantity(Integer.toString(pods)))
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
        .endStatus();
  }

  /** A Ready node with 4 cpu, 8Gi and 110 pods, labelled with its hostname and the given {@code key=value} pairs. */
  public static Node labeledNode(String name, String... keyValues) {
    NodeBuilder b = node(name, "4", "8Gi", 110);
    for (int i = 0; i < keyValues.length; i += 2) {
      b.editMetadata().addToLabels(keyValues[i], keyValues[i + 1]).endMetadata();
    }
    return b.build();
  }

  /** A pending pod without requests carrying the given {@code key=value} labels. */
  public static PodBuilder labeledPod(String name, String... keyValues) {
    PodBuilder b = pod(name, null, null);
    for (int i = 0; i < keyValues.length; i += 2) {
      b.editMetadata().addToLabels(keyValues[i], keyValues[i + 1]).endMetadata();
    }
    return b;
  }

  public static PodInfo info(Pod pod) {
    return PodInfo.of(pod);
  }

  public static NodeInfo nodeInfo(Node node, Pod... pods) {
    return NodeInfo.of(node, Arrays.stream(pods).map(PodInfo::of).toList());
  }

  public static List<NodeInfo> nodes(NodeInfo... infos) {
    return List.of(infos);
  }

  /** A clock tests move by hand. */
  public static final class ManualClock implements InstantSource {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public synchronized Instant instant() {
      return now;
    }

    public synchronized void advance(Duration d) {
      now = now.plus(d);
    }
  }
}
