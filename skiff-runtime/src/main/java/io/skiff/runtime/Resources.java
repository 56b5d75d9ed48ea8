package io.skiff.runtime;

/**
 * A container's cgroup limits. Zero means "not set" for every long field.
 *
 * @param cpuShares        cpu.shares (Kubernetes derives it from the cpu request)
 * @param cpuQuotaMicros   CFS quota per period in microseconds (from the cpu limit)
 * @param cpuPeriodMicros  CFS period in microseconds, 100000 when a quota is set and this is 0
 * @param memoryLimitBytes the memory limit; the process is OOM-killed beyond it (reason {@code OOMKilled})
 * @param pidsLimit        the maximum number of processes
 * @param oomScoreAdj      the process's oom_score_adj, or {@code null} to inherit
 */
public record Resources(long cpuShares, long cpuQuotaMicros, long cpuPeriodMicros, long memoryLimitBytes, long pidsLimit, Integer oomScoreAdj) {
  public static final Resources NONE = new Resources(0, 0, 0, 0, 0, null);

  public Resources {
    if (cpuShares < 0 || cpuQuotaMicros < 0 || cpuPeriodMicros < 0 || memoryLimitBytes < 0 || pidsLimit < 0) {
      throw new IllegalArgumentException("resource values must not be negative");
    }
    if (cpuQuotaMicros > 0 && cpuPeriodMicros == 0) {
      cpuPeriodMicros = 100_000;
    }
    if (oomScoreAdj != null && (oomScoreAdj < -1000 || oomScoreAdj > 1000)) {
      throw new IllegalArgumentException("oomScoreAdj must be in -1000..1000: " + oomScoreAdj);
    }
  }

  public static Resources memoryLimit(long bytes) {
    return new Resources(0, 0, 0, bytes, 0, null);
  }
}
