package io.skiff.scheduler.cycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.common.SkiffException;
import io.skiff.scheduler.cache.ClusterCache;
import io.skiff.scheduler.framework.Candidate;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FitError;
import io.skiff.scheduler.framework.Nomination;
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
 * with reason {@code Unschedulable}, and the pod waits in the queue for a cluster change. When preemption chose victims,
 * they are evicted first (through the {@link Preemptor}) and the pod is nominated to their node, in the queue and in
 * {@code status.nominatedNodeName}; their deletion is the cluster change that brings it back. A rejected binding is
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
  private final Preemptor preemptor;
  private final Executor bindings;

  public SchedulingCycle(ClusterCache cache, SchedulingQueue queue, Placer placer, Binder binder, EventRecorder events,
                         PodStatusWriter status, Preemptor preemptor, Executor bindings) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.placer = Objects.requireNonNull(placer, "placer");
    this.binder = Objects.requireNonNull(binder, "binder");
    this.events = Objects.requireNonNull(events, "events");
    this.status = Objects.requireNonNull(status, "status");
    this.preemptor = Objects.requireNonNull(preemptor, "preemptor");
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
    ClusterSnapshot cluster = cache.snapshot().withNominated(queue.nominatedPods());
    switch (placer.place(info, cluster)) {
      case Placement.Assigned assigned -> {
        cache.assume(info, assigned.nodeName());
        queue.nominate(pod, "");
        bindings.execute(() -> bind(queued, info, assigned.nodeName()));
      }
      case Placement.Unschedulable unschedulable -> {
        String message = unschedulable.error().message();
        LOG.info("pod {} is unschedulable (attempt {}): {}", info.key(), queued.attempts(), message);
        switch (unschedulable.nomination()) {
          case Nomination.Keep keep -> { }
          case Nomination.Clear clear -> clearNomination(info, cluster);
          case Nomination.Preempt preempt -> {
            if (!preempt(info, preempt.candidate(), cluster)) {
              queue.requeueAfterError(queued.uid());
              return;
            }
          }
        }
        report(pod, NotScheduledReason.Unschedulable, message);
        queue.requeueUnschedulable(queued.uid());
      }
    }
  }

  /**
   * Kubernetes' {@code prepareCandidate} and nomination: evicts the victims that are not already being deleted,
   * records {@code Preempted} for each, drops the nominations of lower-priority pods to the same node (they may no
   * longer fit there), and nominates the pod to the node. False when an eviction failed; the pod is then retried.
   */
  private boolean preempt(PodInfo pod, Candidate candidate, ClusterSnapshot cluster) {
    String node = candidate.nodeName();
    for (PodInfo victim : candidate.victims()) {
      if (victim.terminating()) {
        continue;
      }
      try {
        preemptor.preempt(victim.pod(), pod.pod(), node);
      } catch (SkiffException e) {
        LOG.warn("preempting pod {} for pod {} on node {} failed: {}", victim.key(), pod.key(), node, e.getMessage());
        report(pod.pod(), NotScheduledReason.SchedulerError, "preempting pod " + victim.key() + ": " + e.getMessage());
        return false;
      }
      LOG.info("pod {} preempted pod {} on node {}", pod.key(), victim.key(), node);
      events.record(victim.pod(), pod.pod(), SchedulerEvent.Preempted,
          "Preempted by pod " + pod.uid() + " on node " + node);
    }
    for (PodInfo lower : cluster.nominated().on(node)) {
      if (lower.priority() < pod.priority()) {
        queue.nominate(lower.pod(), "");
        writeNomination(lower.pod(), "");
      }
    }
    queue.nominate(pod.pod(), node);
    writeNomination(pod.pod(), node);
    return true;
  }

  /** Preemption found no candidate: a nomination the pod has ends (Kubernetes nominates it to no node). */
  private void clearNomination(PodInfo pod, ClusterSnapshot cluster) {
    boolean nominated = cluster.nominated().nodeOf(pod.uid()).isPresent() || !pod.nominatedNodeName().isEmpty();
    if (nominated) {
      queue.nominate(pod.pod(), "");
      writeNomination(pod.pod(), "");
    }
  }

  private void writeNomination(Pod pod, String node) {
    try {
      status.setNominatedNodeName(pod, node);
    } catch (SkiffException e) {
      LOG.warn("could not set the nominated node of pod {}/{} to \"{}\": {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          node, e.getMessage());
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
