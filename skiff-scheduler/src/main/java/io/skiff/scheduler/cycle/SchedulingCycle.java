package io.skiff.scheduler.cycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.common.SkiffException;
import io.skiff.scheduler.cache.ClusterCache;
import io.skiff.scheduler.framework.FitError;
import io.skiff.scheduler.framework.Placement;
import io.skiff.scheduler.framework.Placer;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.queue.QueuedPod;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to schedule one pod, as Kubernetes' {@code scheduleOne}: the placer picks a node from a cache snapshot
 * and the pod is assumed on that node; binding then runs on the {@code bindings} executor (Kubernetes' binding cycle,
 * asynchronous so the next pod can be placed meanwhile) and records a {@code Scheduled} event. When no node fits, a {@code
 * FailedScheduling} warning carries the {@link FitError} text, the pod's {@code PodScheduled} condition turns False
 * with reason {@code Unschedulable}, and the pod waits in the queue for a cluster change. A rejected binding is
 * reported the same way with reason {@code SchedulerError} and retried after backoff. {@link #run} is not
 * thread-safe (one cycle at a time); bindings may complete on other threads.
 */
public final class SchedulingCycle {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulingCycle.class);
  /** The longest event message Kubernetes' scheduler records; longer ones are cut and end in {@value #ELLIPSIS}. */
  static final int EVENT_MESSAGE_LIMIT = 1024;
  static final String ELLIPSIS = " ...";

  private final ClusterCache cache;
  private final SchedulingQueue queue;
  private final Placer placer;
  private final Binder binder;
  private final EventRecorder events;
  private final PodStatusWriter status;
  private final Executor bindings;

  public SchedulingCycle(ClusterCache cache, SchedulingQueue queue, Placer placer, Binder binder, EventRecorder events,
                         PodStatusWriter status, Executor bindings) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.placer = Objects.requireNonNull(placer, "placer");
    this.binder = Objects.requireNonNull(binder, "binder");
    this.events = Objects.requireNonNull(events, "events");
    this.status = Objects.requireNonNull(status, "status");
    this.bindings = Objects.requireNonNull(bindings, "bindings");
  }

  /** Runs the attempt; API failures are reported and the pod requeued, never thrown. */
  public void run(QueuedPod queued) {
    Pod pod = queued.pod();
    if (pod.getMetadata().getDeletionTimestamp() != null || ClusterCache.isBound(pod) || cache.isCounted(queued.uid())) {
      queue.done(queued.uid());
      return;
    }
    PodInfo info = PodInfo.of(pod);
    switch (placer.place(info, cache.snapshot())) {
      case Placement.Assigned assigned -> {
        cache.assume(pod, assigned.nodeName());
        bindings.execute(() -> bind(queued, info, assigned.nodeName()));
      }
      case Placement.Unschedulable unschedulable -> {
        String message = unschedulable.error().message();
        LOG.info("pod {} is unschedulable (attempt {}): {}", info.key(), queued.attempts(), message);
        report(pod, NotScheduledReason.Unschedulable, message);
        queue.requeueUnschedulable(queued.uid());
      }
    }
  }

  private void bind(QueuedPod queued, PodInfo info, String nodeName) {
    try {
      binder.bind(info.pod(), nodeName);
    } catch (SkiffException.Conflict | SkiffException.NotFound e) {
      cache.forget(queued.uid());
      queue.done(queued.uid());
      LOG.info("pod {} no longer needs scheduling: {}", info.key(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      cache.forget(queued.uid());
      queue.requeueAfterError(queued.uid());
      LOG.warn("binding pod {} to node {} failed", info.key(), nodeName, e);
      report(info.pod(), NotScheduledReason.SchedulerError,
          "binding rejected: running Bind plugin \"DefaultBinder\": " + e.getMessage());
      return;
    }
    queue.done(queued.uid());
    LOG.debug("pod {} bound to node {}", info.key(), nodeName);
    events.record(info.pod(), SchedulerEvent.Scheduled, "Successfully assigned " + info.key() + " to " + nodeName);
  }

  private void report(Pod pod, NotScheduledReason reason, String message) {
    events.record(pod, SchedulerEvent.FailedScheduling, truncate(message));
    try {
      status.markNotScheduled(pod, reason, message);
    } catch (SkiffException e) {
      LOG.warn("could not mark pod {}/{} {}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), reason, e.getMessage());
    }
  }

  /** Kubernetes' {@code truncateMessage}: at most {@value #EVENT_MESSAGE_LIMIT} characters. */
  static String truncate(String message) {
    if (message.length() <= EVENT_MESSAGE_LIMIT) {
      return message;
    }
    return message.substring(0, EVENT_MESSAGE_LIMIT - ELLIPSIS.length()) + ELLIPSIS;
  }
}
