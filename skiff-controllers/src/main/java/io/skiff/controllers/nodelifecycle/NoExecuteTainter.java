package io.skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The rate limit on NoExecute tainting, per zone, as Kubernetes' {@code zoneNoExecuteTainter}: nodes waiting for the
 * taint queue up in their zone and are tainted as the zone's token bucket allows: {@code evictionRate} nodes per
 * second in a healthy zone (and in a fully disrupted one while other zones are healthy), {@code secondaryEvictionRate}
 * in a partially disrupted zone larger than {@code largeClusterSizeThreshold}, none in a smaller one. When every zone
 * is fully disrupted nothing is tainted at all (the controller then assumes its own connectivity is the problem).
 * Not thread-safe: the controller's loop owns it.
 */
final class NoExecuteTainter {
  /** A zone's label value pair, as Kubernetes joins region and zone. */
  static final String REGION = "topology.kubernetes.io/region";
  static final String ZONE = "topology.kubernetes.io/zone";

  private static final class Zone {
    final TokenBucket bucket;
    final LinkedHashSet<String> queue = new LinkedHashSet<>();
    ZoneState state = ZoneState.NORMAL;
    int size;

    Zone(double rate, Instant now) {
      bucket = new TokenBucket(rate, now);
    }
  }

  private final NodeLifecycleConfig config;
  private final Map<String, Zone> zones = new HashMap<>();
  private boolean allDisrupted;

  NoExecuteTainter(NodeLifecycleConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  static String zoneOf(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    return labels.getOrDefault(REGION, "") + ":\u0000:" + labels.getOrDefault(ZONE, "");
  }

  void enqueue(String zone, String node, Instant now) {
    zone(zone, now).queue.add(node);
  }

  void cancel(String zone, String node) {
    Zone z = zones.get(zone);
    if (z != null) {
      z.queue.remove(node);
    }
  }

  /**
   * Sets every zone's state from its counts of ready and not-ready nodes ({@code counts.get(zone) = {ready,
   * notReady}}) and its rate from its state; answers whether every zone is fully disrupted.
   */
  boolean update(Map<String, int[]> counts, Instant now) {
    zones.keySet().retainAll(counts.keySet());
    boolean all = !counts.isEmpty();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      Zone z = zone(e.getKey(), now);
      z.state = ZoneState.of(e.getValue()[0], e.getValue()[1], config.unhealthyZoneThreshold());
      z.size = e.getValue()[0] + e.getValue()[1];
      all &= z.state == ZoneState.FULL_DISRUPTION;
    }
    allDisrupted = all;
    for (Zone z : zones.values()) {
      z.bucket.setRate(rate(z), now);
      if (all) {
        z.queue.clear();
      }
    }
    return all;
  }

  /** Taints queued nodes as the rate allows; {@code taint} answers false when it could not, and the node waits again. */
  void pass(Instant now, Predicate<String> taint) {
    for (Zone z : zones.values()) {
      Iterator<String> it = z.queue.iterator();
      while (it.hasNext() && z.bucket.tryAccept(now)) {
        String node = it.next();
        it.remove();
        if (!taint.test(node)) {
          z.queue.add(node);
          break;
        }
      }
    }
  }

  /** The current rate of a zone, in nodes per second. */
  double rate(String zone) {
    Zone z = zones.get(zone);
    return z == null ? config.evictionRate() : z.bucket.rate();
  }

  ZoneState state(String zone) {
    Zone z = zones.get(zone);
    return z == null ? ZoneState.NORMAL : z.state;
  }

  private double rate(Zone z) {
    if (allDisrupted) {
      return 0;
    }
    return switch (z.state) {
      case NORMAL, FULL_DISRUPTION -> config.evictionRate();
      case PARTIAL_DISRUPTION -> z.size > config.largeClusterSizeThreshold() ? config.secondaryEvictionRate() : 0;
    };
  }

  private Zone zone(String name, Instant now) {
    return zones.computeIfAbsent(name, k -> new Zone(config.evictionRate(), now));
  }
}
