package io.skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The taints the node lifecycle controller owns, as Kubernetes names them. {@code NoSchedule} taints follow the node's
 * conditions and {@code spec.unschedulable} directly; the {@code NoExecute} taint follows the Ready condition
 * ({@code not-ready} when False, {@code unreachable} when Unknown) and carries the time it was added.
 */
public final class ControllerTaints {
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String NO_EXECUTE = "NoExecute";

  /** Condition type and status → the NoSchedule taint key it calls for (Kubernetes' {@code nodeConditionToTaintKeyStatusMap}). */
  private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
      "Ready", Map.of("False", NOT_READY, "Unknown", UNREACHABLE),
      "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
      "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
      "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
      "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));
  private static final Set<String> NO_SCHEDULE_KEYS = Set.of(NOT_READY, UNREACHABLE, UNSCHEDULABLE, "node.kubernetes.io/memory-pressure",
      "node.kubernetes.io/disk-pressure", "node.kubernetes.io/network-unavailable", "node.kubernetes.io/pid-pressure");

  private ControllerTaints() {}

  /** The controller-owned NoSchedule taint keys the node should carry. */
  static Set<String> wantedNoSchedule(Node node) {
    Set<String> keys = new LinkedHashSet<>();
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        String key = CONDITION_TAINTS.getOrDefault(c.getType(), Map.of()).get(c.getStatus());
        if (key != null) {
          keys.add(key);
        }
      }
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      keys.add(UNSCHEDULABLE);
    }
    return keys;
  }

  /** The node's taints with the controller's NoSchedule taints brought in line; empty when nothing changes. */
  static Optional<List<Taint>> withNoSchedule(Node node) {
    List<Taint> current = taints(node);
    Set<String> wanted = wantedNoSchedule(node);
    List<Taint> out = new ArrayList<>();
    Set<String> present = new LinkedHashSet<>();
    for (Taint t : current) {
      boolean ours = NO_SCHEDULE.equals(t.getEffect()) && NO_SCHEDULE_KEYS.contains(t.getKey());
      if (ours && !wanted.contains(t.getKey())) {
        continue;
      }
      if (ours) {
        present.add(t.getKey());
      }
      out.add(t);
    }
    for (String key : wanted) {
      if (!present.contains(key)) {
        out.add(new TaintBuilder().withKey(key).withEffect(NO_SCHEDULE).build());
      }
    }
    return out.equals(current) ? Optional.empty() : Optional.of(out);
  }

  /** The NoExecute taint key the Ready status calls for: not-ready for False, unreachable for Unknown, none for True. */
  static Optional<String> wantedNoExecute(String readyStatus) {
    return switch (readyStatus) {
      case "False" -> Optional.of(NOT_READY);
      case "Unknown" -> Optional.of(UNREACHABLE);
      default -> Optional.empty();
    };
  }

  /**
   * The node's taints with the controller's NoExecute taint set to {@code key} (the other one removed, {@code
   * timeAdded} now) or, with an empty key, both removed; empty when nothing changes.
   */
  static Optional<List<Taint>> withNoExecute(Node node, Optional<String> key, Instant now) {
    List<Taint> current = taints(node);
    List<Taint> out = new ArrayList<>();
    boolean has = false;
    for (Taint t : current) {
      boolean ours = NO_EXECUTE.equals(t.getEffect()) && (NOT_READY.equals(t.getKey()) || UNREACHABLE.equals(t.getKey()));
      if (ours && key.isPresent() && key.get().equals(t.getKey())) {
        has = true;
        out.add(t);
      } else if (!ours) {
        out.add(t);
      }
    }
    if (key.isPresent() && !has) {
      out.add(new TaintBuilder().withKey(key.get()).withEffect(NO_EXECUTE).withTimeAdded(now.truncatedTo(ChronoUnit.SECONDS).toString()).build());
    }
    return out.equals(current) ? Optional.empty() : Optional.of(out);
  }

  /** True when the node carries the controller's NoExecute taint {@code key}. */
  static boolean hasNoExecute(Node node, String key) {
    return taints(node).stream().anyMatch(t -> NO_EXECUTE.equals(t.getEffect()) && key.equals(t.getKey()));
  }

  static List<Taint> taints(Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
  }
}
