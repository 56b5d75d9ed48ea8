package io.skiff.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Nodes, the pods bound to them that still hold resources (not {@code Succeeded} or {@code Failed}), and the labels of
 * namespaces. Each node's {@link NodeInfo} is rebuilt only when that node or one of its pods changed, and a {@link
 * #snapshot()} is reused until something changes, as Kubernetes' cache does with its generation numbers, so that a
 * scheduling cycle in a large cluster does not pay for the nodes that stayed the same. Thread-safe: the informers
 * write, the scheduling loop takes snapshots.
 */
public final class ClusterCache {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Node> nodes = new TreeMap<>();
  /** The counted pods by uid, with the node each is counted on (its {@code spec.nodeName}, or where it is assumed). */
  private final Map<String, Counted> boundPods = new HashMap<>();
  private final Map<String, Map<String, PodInfo>> podsByNode = new HashMap<>();
  private final Map<String, NodeInfo> infos = new HashMap<>();
  /** The node infos in name order, rebuilt only when nodes come or go; a changed node's entry is replaced in place. */
  private final List<NodeInfo> ordered = new ArrayList<>();
  private final Map<String, Integer> position = new HashMap<>();
  private boolean membershipChanged;
  private List<NodeInfo> withAffinity = List.of();
  private List<NodeInfo> withRequiredAntiAffinity = List.of();
  private Map<String, Map<String, String>> namespaceView = Map.of();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> assumed = new HashSet<>();
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
  private long generation;
  private long snapshotGeneration = -1;
  private ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;

  /** Adds or replaces a node. */
  public void upsertNode(Node node) {
    lock.lock();
    try {
      String name = node.getMetadata().getName();
      if (nodes.put(name, node) == null) {
        membershipChanged = true;
      }
      changed(name);
    } finally {
      lock.unlock();
    }
  }

  public void removeNode(String name) {
    lock.lock();
    try {
      if (nodes.remove(name) != null) {
        membershipChanged = true;
      }
      changed(name);
    } finally {
      lock.unlock();
    }
  }

  /** Records a namespace's labels (for namespace selectors of affinity terms). */
  public void upsertNamespace(String name, Map<String, String> labels) {
    lock.lock();
    try {
      namespaceLabels.put(name, labels == null ? Map.of() : Map.copyOf(labels));
      namespaceView = Map.copyOf(namespaceLabels);
      generation++;
    } finally {
      lock.unlock();
    }
  }

  public void removeNamespace(String name) {
    lock.lock();
    try {
      namespaceLabels.remove(name);
      namespaceView = Map.copyOf(namespaceLabels);
      generation++;
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
        put(PodInfo.of(pod), pod.getSpec().getNodeName());
        assumed.remove(uid);
      } else if (!(assumed.contains(uid) && !isBound(pod))) {
        remove(uid);
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
      remove(uid);
      assumed.remove(uid);
    } finally {
      lock.unlock();
    }
  }

  /** Counts {@code pod} on {@code nodeName} before the informer shows the binding. */
  public void assume(Pod pod, String nodeName) {
    assume(PodInfo.of(pod), nodeName);
  }

  /**
   * Counts the pod of {@code info} on {@code nodeName} before the informer shows the binding. The pod object is not
   * copied with the node name set (Kubernetes' cache assumes a copy): the cache keeps the node beside it, and the
   * informer's bound version replaces it.
   */
  public void assume(PodInfo info, String nodeName) {
    lock.lock();
    try {
      put(info, nodeName);
      assumed.add(info.uid());
    } finally {
      lock.unlock();
    }
  }

  /** Undoes {@link #assume} after a binding failed; a pod the informer already shows bound stays. */
  public void forget(String uid) {
    lock.lock();
    try {
      if (assumed.remove(uid)) {
        remove(uid);
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
  public ClusterSnapshot snapshot() {
    lock.lock();
    try {
      if (snapshotGeneration == generation) {
        return snapshot;
      }
      boolean affinityChanged = membershipChanged;
      for (String name : dirty) {
        Node node = nodes.get(name);
        NodeInfo before = infos.get(name);
        if (node == null) {
          infos.remove(name);
          affinityChanged |= before != null && !before.podsWithAffinity().isEmpty();
        } else {
          Collection<PodInfo> pods = podsByNode.getOrDefault(name, Map.of()).values();
          NodeInfo info = before != null && before.node() == node ? before.withPods(pods) : NodeInfo.of(node, pods);
          infos.put(name, info);
          affinityChanged |= !info.podsWithAffinity().isEmpty() || (before != null && !before.podsWithAffinity().isEmpty());
          Integer at = position.get(name);
          if (at != null && !membershipChanged) {
            ordered.set(at, info);
          }
        }
      }
      dirty.clear();
      if (membershipChanged) {
        ordered.clear();
        position.clear();
        for (String name : nodes.keySet()) {
          position.put(name, ordered.size());
          ordered.add(infos.get(name));
        }
        membershipChanged = false;
      }
      if (affinityChanged) {
        withAffinity = ordered.stream().filter(n -> !n.podsWithAffinity().isEmpty()).toList();
        withRequiredAntiAffinity = ordered.stream().filter(n -> !n.podsWithRequiredAntiAffinity().isEmpty()).toList();
      }
      snapshot = new ClusterSnapshot(ordered, namespaceView, withAffinity, withRequiredAntiAffinity);
      snapshotGeneration = generation;
      return snapshot;
    } finally {
      lock.unlock();
    }
  }

  private void put(PodInfo info, String node) {
    Counted previous = boundPods.put(info.uid(), new Counted(info, node));
    if (previous != null) {
      detach(previous);
    }
    podsByNode.computeIfAbsent(node, k -> new LinkedHashMap<>()).put(info.uid(), info);
    changed(node);
  }

  private void remove(String uid) {
    Counted previous = boundPods.remove(uid);
    if (previous != null) {
      detach(previous);
    }
  }

  private void detach(Counted counted) {
    String node = counted.node();
    Map<String, PodInfo> onNode = podsByNode.get(node);
    if (onNode != null) {
      onNode.remove(counted.info().uid());
      if (onNode.isEmpty()) {
        podsByNode.remove(node);
      }
    }
    changed(node);
  }

  private void changed(String nodeName) {
    dirty.add(nodeName);
    generation++;
  }

  /** A pod counted on a node. */
  private record Counted(PodInfo info, String node) {}

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
