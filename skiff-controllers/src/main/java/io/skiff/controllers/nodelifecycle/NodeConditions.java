package io.skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The node conditions the kubelet owns, and how the controller marks them when the kubelet has gone quiet. */
public final class NodeConditions {
  public static final String READY = "Ready";
  /** The conditions the controller turns Unknown, in Kubernetes' order. */
  static final List<String> KUBELET_OWNED = List.of(READY, "MemoryPressure", "DiskPressure", "PIDPressure");
  static final String UNKNOWN_REASON = "NodeStatusUnknown";
  static final String UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";
  static final String NEVER_REASON = "NodeStatusNeverUpdated";
  static final String NEVER_MESSAGE = "Kubelet never posted node status.";

  private NodeConditions() {}

  /** The node's Ready condition, if it has one. */
  public static Optional<NodeCondition> ready(Node node) {
    return find(node, READY);
  }

  /** {@code True}, {@code False} or {@code Unknown}; empty when the node has no Ready condition. */
  public static Optional<String> readyStatus(Node node) {
    return ready(node).map(c -> c.getStatus() == null ? "Unknown" : c.getStatus());
  }

  static Optional<NodeCondition> find(Node node, String type) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * The node's conditions after the kubelet stopped posting: Ready, MemoryPressure, DiskPressure and PIDPressure
   * become {@code Unknown} ({@code NodeStatusUnknown}, "Kubelet stopped posting node status.", a new
   * lastTransitionTime, the last heartbeat kept); a missing one is added as {@code NodeStatusNeverUpdated} with the
   * node's creation as heartbeat. Empty when every one of them already is Unknown.
   */
  static Optional<List<NodeCondition>> markedUnknown(Node node, Instant now) {
    List<NodeCondition> conditions = new ArrayList<>();
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        conditions.add(copy(c));
      }
    }
    String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    boolean changed = false;
    for (String type : KUBELET_OWNED) {
      NodeCondition c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
      if (c == null) {
        NodeCondition added = new NodeCondition();
        added.setType(type);
        added.setStatus("Unknown");
        added.setReason(NEVER_REASON);
        added.setMessage(NEVER_MESSAGE);
        added.setLastHeartbeatTime(node.getMetadata().getCreationTimestamp());
        added.setLastTransitionTime(stamp);
        conditions.add(added);
        changed = true;
      } else if (!"Unknown".equals(c.getStatus())) {
        c.setStatus("Unknown");
        c.setReason(UNKNOWN_REASON);
        c.setMessage(UNKNOWN_MESSAGE);
        c.setLastTransitionTime(stamp);
        changed = true;
      }
    }
    return changed ? Optional.of(conditions) : Optional.empty();
  }

  private static NodeCondition copy(NodeCondition c) {
    NodeCondition n = new NodeCondition();
    n.setType(c.getType());
    n.setStatus(c.getStatus());
    n.setReason(c.getReason());
    n.setMessage(c.getMessage());
    n.setLastHeartbeatTime(c.getLastHeartbeatTime());
    n.setLastTransitionTime(c.getLastTransitionTime());
    return n;
  }
}
