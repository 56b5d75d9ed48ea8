package io.skiff.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Nodes and the pods bound to them that still hold resources (not {@code Succeeded} or {@code Failed}), by node.
 * Thread-safe: the informers write, the scheduling loop takes {@link #snapshot() snapshots}.
 */
public final class ClusterCache {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Node> nodes = new TreeMap<>();
  private final Map<String, PodInfo> boundPods = new HashMap<>();
  private final Set<String> assumed = new HashSet<>();

  /** Adds or replaces a node. */
  public void upsertNode(Node node) {
    lock.lock();
    try {
      nodes.put(node.getMetadata().getName(), node);
    } finally {
      lock.unlock();
    }
  }

  public void removeNode(String name) {
    lock.lock();
    try {
      nodes.remove(name);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records the latest version of a pod: bound and not terminal, it counts on its node; otherwise it is dropped,
   * unless it is assumed and this version does not show a node yet (an older event than the binding).
   */
  public void upsertPod(Pod pod) {
    String uid = pod.getMetadata().getUid();
    lock.lock();
    try {
      if (isBound(pod) && !isTerminal(pod)) {
        boundPods.put(uid, PodInfo.of(pod));
        assumed.remove(uid);
      } else if (!(assumed.contains(uid) && !isBound(pod))) {
        boundPods.remove(uid);
        assumed.remove(uid);
      }
    } finally {
      lock.unlock();
    }
  }

  public void removePod(Pod pod) {
    String uid = pod.getMetadata().getUid();
    lock.lock();
    try {
      boundPods.remove(uid);
      assumed.remove(uid);
    } finally {
      lock.unlock();
    }
  }

  /** Counts {@code pod} on {@code nodeName} before the informer shows the binding. */
  public void assume(Pod pod, String nodeName) {
    Pod bound = new PodBuilder(pod).editSpec().withNodeName(nodeName).endSpec().build();
    lock.lock();
    try {
      boundPods.put(bound.getMetadata().getUid(), PodInfo.of(bound));
      assumed.add(bound.getMetadata().getUid());
    } finally {
      lock.unlock();
    }
  }

  /** Undoes {@link #assume} after a binding failed; a pod the informer already shows bound stays. */
  public void forget(String uid) {
    lock.lock();
    try {
      if (assumed.remove(uid)) {
        boundPods.remove(uid);
      }
    } finally {
      lock.unlock();
    }
  }

  /** True when the pod with this uid is counted on a node (bound or assumed). */
  public boolean isCounted(String uid) {
    lock.lock();
    try {
      return boundPods.containsKey(uid);
    } finally {
      lock.unlock();
    }
  }

  /** Every node, sorted by name, with the pods counted on it; pods on unknown nodes are left out. */
  public List<NodeInfo> snapshot() {
    lock.lock();
    try {
      Map<String, List<PodInfo>> byNode = new HashMap<>();
      for (PodInfo p : boundPods.values()) {
        byNode.computeIfAbsent(p.pod().getSpec().getNodeName(), k -> new ArrayList<>()).add(p);
      }
      List<NodeInfo> infos = new ArrayList<>(nodes.size());
      for (Node node : nodes.values()) {
        infos.add(NodeInfo.of(node, byNode.getOrDefault(node.getMetadata().getName(), List.of())));
      }
      return infos;
    } finally {
      lock.unlock();
    }
  }

  /** True when the pod has {@code spec.nodeName}. */
  public static boolean isBound(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  /** True when the pod's phase is {@code Succeeded} or {@code Failed}; its resources are free again. */
  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
