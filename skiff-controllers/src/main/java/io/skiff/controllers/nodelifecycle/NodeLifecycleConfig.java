package io.skiff.controllers.nodelifecycle;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The node lifecycle controller's settings, named as kube-controller-manager's flags.
 *
 * @param monitorPeriod             how often every node's health is checked ({@code --node-monitor-period}, 5 s)
 * @param gracePeriod               how long a node may stay silent before it is marked Unknown
 *                                  ({@code --node-monitor-grace-period}, 40 s here as the issue asks; Kubernetes 1.32+ defaults to 50 s)
 * @param startupGracePeriod        the same for a node that never reported ({@code --node-startup-grace-period}, 1 min)
 * @param evictionRate              nodes per second that get the NoExecute taint in a healthy zone ({@code --node-eviction-rate}, 0.1)
 * @param secondaryEvictionRate     the same in a partially disrupted zone ({@code --secondary-node-eviction-rate}, 0.01)
 * @param largeClusterSizeThreshold zones with at most this many nodes stop tainting when partially disrupted (50)
 * @param unhealthyZoneThreshold    the share of not-ready nodes (with more than two) that makes a zone partially disrupted (0.55)
 * @param clock                     the time source
 */
public record NodeLifecycleConfig(Duration monitorPeriod, Duration gracePeriod, Duration startupGracePeriod, double evictionRate,
                                  double secondaryEvictionRate, int largeClusterSizeThreshold, double unhealthyZoneThreshold,
                                  InstantSource clock) {
  public NodeLifecycleConfig {
    Objects.requireNonNull(monitorPeriod, "monitorPeriod");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    Objects.requireNonNull(startupGracePeriod, "startupGracePeriod");
    Objects.requireNonNull(clock, "clock");
    if (!monitorPeriod.isPositive() || !gracePeriod.isPositive() || !startupGracePeriod.isPositive()) {
      throw new IllegalArgumentException("periods must be positive");
    }
    if (evictionRate < 0 || secondaryEvictionRate < 0 || unhealthyZoneThreshold <= 0 || unhealthyZoneThreshold > 1) {
      throw new IllegalArgumentException("rates must not be negative and the unhealthy threshold must lie in (0, 1]");
    }
  }

  public static NodeLifecycleConfig defaults() {
    return new NodeLifecycleConfig(Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofMinutes(1), 0.1, 0.01, 50, 0.55,
        InstantSource.system());
  }

  /** The same settings with other timings (tests run with seconds instead of minutes). */
  public NodeLifecycleConfig withTimings(Duration monitor, Duration grace, Duration startupGrace) {
    return new NodeLifecycleConfig(monitor, grace, startupGrace, evictionRate, secondaryEvictionRate, largeClusterSizeThreshold,
        unhealthyZoneThreshold, clock);
  }
}
