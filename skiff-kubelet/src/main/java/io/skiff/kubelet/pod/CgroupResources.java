package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.runtime.Resources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A container's requests and limits as cgroup values, the kubelet's way: cpu.shares from the cpu request
 * ({@code milli × 1024 / 1000}, at least 2), a CFS quota from the cpu limit ({@code milli × 100000 / 1000} per 100 ms,
 * at least 1 ms), the memory limit as is, and the OOM score by QoS class.
 */
public final class CgroupResources {
  static final long MIN_SHARES = 2;
  static final long PERIOD = 100_000;
  static final long MIN_QUOTA = 1000;

  private CgroupResources() {}

  /**
   * @param qosClass       the pod's QoS class (Guaranteed, Burstable, BestEffort)
   * @param memoryCapacity the node's memory, for the Burstable OOM score
   */
  public static Resources of(Container c, String qosClass, long memoryCapacity) {
    Map<String, Quantity> requests = c.getResources() == null || c.getResources().getRequests() == null ? Map.of() : c.getResources().getRequests();
    Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null ? Map.of() : c.getResources().getLimits();
    long cpuRequest = milli(requests.get("cpu"));
    long cpuLimit = milli(limits.get("cpu"));
    long shares = Math.max(MIN_SHARES, cpuRequest * 1024 / 1000);
    long quota = cpuLimit > 0 ? Math.max(MIN_QUOTA, cpuLimit * PERIOD / 1000) : 0;
    long memoryLimit = bytes(limits.get("memory"));
    long memoryRequest = bytes(requests.get("memory"));
    return new Resources(shares, quota, quota > 0 ? PERIOD : 0, memoryLimit, 0, oomScoreAdj(qosClass, memoryRequest, memoryCapacity));
  }

  /** The kubelet's {@code GetContainerOOMScoreAdjust}. */
  static int oomScoreAdj(String qosClass, long memoryRequest, long memoryCapacity) {
    if ("Guaranteed".equals(qosClass)) {
      return -997;
    }
    if ("BestEffort".equals(qosClass) || memoryCapacity <= 0) {
      return 1000;
    }
    long adj = 1000 - (1000 * memoryRequest) / memoryCapacity;
    if (adj < 2) {
      return 2;
    }
    return (int) Math.min(999, adj);
  }

  static long milli(Quantity q) {
    if (q == null || q.getAmount() == null || q.getAmount().isEmpty()) {
      return 0;
    }
    return Quantity.getAmountInBytes(q).movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
  }

  static long bytes(Quantity q) {
    if (q == null || q.getAmount() == null || q.getAmount().isEmpty()) {
      return 0;
    }
    return Quantity.getAmountInBytes(q).setScale(0, RoundingMode.CEILING).max(BigDecimal.ZERO).longValue();
  }
}
