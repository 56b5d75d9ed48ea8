package io.skiff.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pending pods that preemption made room for, by the node they are nominated to (Kubernetes' nominator): until
 * such a pod is bound, the room it waits for is reserved against pods of lower priority. Immutable.
 */
public final class NominatedPods {
  public static final NominatedPods EMPTY = new NominatedPods(Map.of());

  private final Map<String, List<PodInfo>> byNode;
  private final Map<String, String> nodeByUid;

  /** {@code byNode}: node name to the pods nominated to it. */
  public NominatedPods(Map<String, List<PodInfo>> byNode) {
    Map<String, List<PodInfo>> copy = new HashMap<>();
    Map<String, String> nodes = new HashMap<>();
    byNode.forEach((node, pods) -> {
      copy.put(node, List.copyOf(pods));
      pods.forEach(p -> nodes.put(p.uid(), node));
    });
    this.byNode = Map.copyOf(copy);
    this.nodeByUid = Map.copyOf(nodes);
  }

  public boolean isEmpty() {
    return byNode.isEmpty();
  }

  /** The pods nominated to {@code nodeName}. */
  public List<PodInfo> on(String nodeName) {
    return byNode.getOrDefault(nodeName, List.of());
  }

  /** The node the pod with this uid is nominated to, if any. */
  public Optional<String> nodeOf(String uid) {
    return Optional.ofNullable(nodeByUid.get(uid));
  }

  /**
   * The pods nominated to {@code nodeName} that {@code pod} must leave room for: those of equal or higher priority,
   * other than {@code pod} itself (Kubernetes' {@code addGENominatedPods}).
   */
  public List<PodInfo> reservedAgainst(String nodeName, PodInfo pod) {
    List<PodInfo> nominated = on(nodeName);
    if (nominated.isEmpty()) {
      return List.of();
    }
    List<PodInfo> reserved = new ArrayList<>();
    for (PodInfo p : nominated) {
      if (p.priority() >= pod.priority() && !p.uid().equals(pod.uid())) {
        reserved.add(p);
      }
    }
    return reserved;
  }
}
