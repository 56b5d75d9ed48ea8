package io.skiff.kubelet.startup;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The kubelet's {@code kubelet_pod_start_sli_duration_seconds}: pod start durations without image pulls, counted in
 * the kubelet's buckets (upper bounds in seconds; one more bucket for what exceeds the last bound). Thread-safe.
 */
public final class StartSliHistogram {
  /** The kubelet's bucket bounds for the pod start SLI, in seconds. */
  public static final List<Double> BOUNDS = List.of(0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 20.0, 30.0, 45.0, 60.0, 120.0, 180.0,
      240.0, 300.0, 360.0, 480.0, 600.0, 900.0, 1200.0, 1800.0, 2700.0, 3600.0);

  private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.size() + 1);
  private final DoubleAdder sum = new DoubleAdder();

  /** Counts one pod start of {@code seconds}. */
  public void observe(double seconds) {
    int i = 0;
    while (i < BOUNDS.size() && seconds > BOUNDS.get(i)) {
      i++;
    }
    counts.incrementAndGet(i);
    sum.add(seconds);
  }

  /** The counts so far. */
  public Snapshot snapshot() {
    long[] c = new long[counts.length()];
    for (int i = 0; i < c.length; i++) {
      c[i] = counts.get(i);
    }
    return new Snapshot(c, sum.sum());
  }

  /**
   * Counts per bucket (not cumulative; the last one is above every bound) and the sum of the durations.
   *
   * @param counts one per bound in {@link #BOUNDS}, then one for larger durations
   * @param sumSeconds the sum of every duration counted
   */
  public record Snapshot(long[] counts, double sumSeconds) {
    public Snapshot {
      counts = counts.clone();
      if (counts.length != BOUNDS.size() + 1) {
        throw new IllegalArgumentException("expected " + (BOUNDS.size() + 1) + " buckets, got " + counts.length);
      }
    }

    @Override
    public long[] counts() {
      return counts.clone();
    }

    /**
     * The histogram in Prometheus' text format as {@code kubelet_pod_start_sli_duration_seconds} (cumulative buckets,
     * {@code +Inf}, sum and count).
     */
    public String exposition() {
      String name = "kubelet_pod_start_sli_duration_seconds";
      StringBuilder b = new StringBuilder()
          .append("# HELP ").append(name).append(" Duration in seconds to start a pod, excluding time to pull images, measured from the pod's ")
          .append("creation timestamp to when all its containers are reported as started and observed via watch\n")
          .append("# TYPE ").append(name).append(" histogram\n");
      long cumulative = 0;
      for (int i = 0; i < BOUNDS.size(); i++) {
        cumulative += counts[i];
        b.append(name).append("_bucket{le=\"").append(bound(BOUNDS.get(i))).append("\"} ").append(cumulative).append('\n');
      }
      long total = total();
      b.append(name).append("_bucket{le=\"+Inf\"} ").append(total).append('\n');
      b.append(name).append("_sum ").append(sumSeconds).append('\n');
      b.append(name).append("_count ").append(total).append('\n');
      return b.toString();
    }

    private static String bound(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** How many durations were counted. */
    public long total() {
      return Arrays.stream(counts).sum();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Snapshot s && Arrays.equals(counts, s.counts) && sumSeconds == s.sumSeconds;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(counts) * 31 + Double.hashCode(sumSeconds);
    }

    @Override
    public String toString() {
      return "Snapshot" + Arrays.toString(counts) + " sum " + sumSeconds;
    }
  }
}
