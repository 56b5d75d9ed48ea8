package io.skiff.kubelet.hollow;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a simulation runs.
 *
 * @param namePrefix     node names are this prefix followed by the node's index ({@code hollow-0}, {@code hollow-1}, …)
 * @param nodes          how many hollow nodes
 * @param firstIndex     the index of the first node (several simulations may share a cluster with distinct ranges)
 * @param cpus           each node's cpu capacity
 * @param memoryBytes    each node's memory capacity
 * @param leaseRenewal   how often each node renews its Lease (the kubelet's 10 s)
 * @param statusPeriod   how often each node posts its status unasked (as skiff's agent: 1 min)
 * @param podConcurrency how many pod syncs run at once across all nodes
 * @param clock          the time source
 */
public record HollowConfig(String namePrefix, int nodes, int firstIndex, int cpus, long memoryBytes, Duration leaseRenewal,
                           Duration statusPeriod, int podConcurrency, InstantSource clock) {
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]*[-a-z0-9])?");
  /** Pod networks are /24s from 10.64.0.0/10, one per node index. */
  static final int MAX_INDEX = 64 * 256;

  public HollowConfig {
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(leaseRenewal, "leaseRenewal");
    Objects.requireNonNull(statusPeriod, "statusPeriod");
    Objects.requireNonNull(clock, "clock");
    if (!PREFIX.matcher(namePrefix).matches()) {
      throw new IllegalArgumentException("the name prefix must be lowercase letters, digits, '-' or '.': " + namePrefix);
    }
    if (nodes < 0 || firstIndex < 0 || firstIndex + nodes > MAX_INDEX) {
      throw new IllegalArgumentException("node indexes must lie in 0.." + (MAX_INDEX - 1) + ", got " + firstIndex + " + " + nodes);
    }
    if (cpus <= 0 || memoryBytes <= 0 || podConcurrency <= 0 || !leaseRenewal.isPositive() || !statusPeriod.isPositive()) {
      throw new IllegalArgumentException("capacities, concurrency and periods must be positive");
    }
  }

  /** Kubernetes' kubelet timings, 4 cpus and 16 GiB per node, 128 pod syncs at once. */
  public static HollowConfig of(String namePrefix, int nodes) {
    return new HollowConfig(namePrefix, nodes, 0, 4, 16L << 30, Duration.ofSeconds(10), Duration.ofMinutes(1), 128, InstantSource.system());
  }

  public HollowConfig withLeaseRenewal(Duration value) {
    return new HollowConfig(namePrefix, nodes, firstIndex, cpus, memoryBytes, value, statusPeriod, podConcurrency, clock);
  }

  public HollowConfig withFirstIndex(int value) {
    return new HollowConfig(namePrefix, nodes, value, cpus, memoryBytes, leaseRenewal, statusPeriod, podConcurrency, clock);
  }

  public HollowConfig withCapacity(int cpuCount, long memory) {
    return new HollowConfig(namePrefix, nodes, firstIndex, cpuCount, memory, leaseRenewal, statusPeriod, podConcurrency, clock);
  }

  /** The name of the node with this index. */
  public String nodeName(int index) {
    return namePrefix + index;
  }
}
