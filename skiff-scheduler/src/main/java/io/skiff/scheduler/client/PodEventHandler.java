package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.skiff.scheduler.cache.ClusterCache;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.util.Objects;

/**
 * Routes pod informer events: a bound pod goes to the cache (and leaves the queue); a pending pod for this scheduler
 * (its {@code spec.schedulerName}, {@code default-scheduler} when unset) that is not being deleted goes to the queue.
 * A bound pod that is deleted or finishes frees room, so the unschedulable pods are retried.
 */
public final class PodEventHandler implements ResourceEventHandler<Pod> {
  public static final String DEFAULT_SCHEDULER = "default-scheduler";

  private final ClusterCache cache;
  private final SchedulingQueue queue;
  private final String schedulerName;

  public PodEventHandler(ClusterCache cache, SchedulingQueue queue, String schedulerName) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.schedulerName = Objects.requireNonNull(schedulerName, "schedulerName");
  }

  @Override
  public void onAdd(Pod pod) {
    route(null, pod);
  }

  @Override
  public void onUpdate(Pod old, Pod pod) {
    route(old, pod);
  }

  @Override
  public void onDelete(Pod pod, boolean finalStateUnknown) {
    queue.delete(pod);
    cache.removePod(pod);
    if (ClusterCache.isBound(pod)) {
      queue.moveAllToActiveOrBackoff();
    }
  }

  private void route(Pod old, Pod pod) {
    if (ClusterCache.isBound(pod)) {
      queue.delete(pod);
      cache.upsertPod(pod);
      if (old != null && ClusterCache.isBound(old) && !ClusterCache.isTerminal(old) && ClusterCache.isTerminal(pod)) {
        queue.moveAllToActiveOrBackoff();
      }
    } else if (responsible(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
      queue.update(pod);
    } else {
      queue.delete(pod);
    }
  }

  private boolean responsible(Pod pod) {
    String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
    return schedulerName.equals(name == null || name.isEmpty() ? DEFAULT_SCHEDULER : name);
  }
}
