package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.Comparator;

/**
 * Kubernetes' {@code MoreImportantPod}: the higher priority first, and between equal priorities the pod that started
 * earlier (a pod not started yet counts as starting now).
 */
final class Importance {
  private Importance() {}

  /** Orders pods most important first, as of {@code now}. */
  static Comparator<PodInfo> mostImportantFirst(Instant now) {
    return Comparator.comparingInt(PodInfo::priority).reversed().thenComparing(p -> startTime(p, now));
  }

  /** {@code status.startTime}, or {@code now} for a pod that has not started (Kubernetes' {@code GetPodStartTime}). */
  static Instant startTime(PodInfo pod, Instant now) {
    return pod.startTime().orElse(now);
  }
}
