package io.skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When each node was last heard from, as Kubernetes' {@code nodeHealthMap}: the probe time moves on when the Ready
 * condition's heartbeat changes or the node's Lease is renewed, both measured on the controller's clock. A node the
 * controller sees for the first time counts as heard from now, unless it never reported (no Ready condition), which
 * counts from its creation and gets the startup grace period. Not thread-safe: the monitor loop owns it.
 */
final class HealthTracker {
  private record Seen(String readyHeartbeat, Instant leaseRenew, Instant probe) {}

  private final Duration gracePeriod;
  private final Duration startupGracePeriod;
  private final Map<String, Seen> seen = new HashMap<>();

  HealthTracker(Duration gracePeriod, Duration startupGracePeriod) {
    this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
    this.startupGracePeriod = Objects.requireNonNull(startupGracePeriod, "startupGracePeriod");
  }

  /** Records what the node and its lease show now; answers whether the node has been silent longer than its grace period. */
  boolean silent(Node node, Lease lease, Instant now) {
    String name = node.getMetadata().getName();
    Optional<NodeCondition> ready = NodeConditions.ready(node);
    String heartbeat = ready.map(NodeCondition::getLastHeartbeatTime).orElse(null);
    Instant renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? null
        : lease.getSpec().getRenewTime().toInstant();
    Seen before = seen.get(name);
    Instant probe;
    if (before == null) {
      probe = ready.isPresent() || renew != null ? now : created(node, now);
    } else if (heartbeat != null && !heartbeat.equals(before.readyHeartbeat())) {
      probe = now;
    } else {
      probe = before.probe();
    }
    if (renew != null && before != null && (before.leaseRenew() == null || renew.isAfter(before.leaseRenew()))) {
      probe = now;
    }
    seen.put(name, new Seen(heartbeat, renew, probe));
    Duration grace = ready.isPresent() ? gracePeriod : startupGracePeriod;
    return now.isAfter(probe.plus(grace));
  }

  void forget(String nodeName) {
    seen.remove(nodeName);
  }

  private static Instant created(Node node, Instant now) {
    String created = node.getMetadata().getCreationTimestamp();
    if (created == null) {
      return now;
    }
    try {
      return ZonedDateTime.parse(created).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return now;
    }
  }
}
