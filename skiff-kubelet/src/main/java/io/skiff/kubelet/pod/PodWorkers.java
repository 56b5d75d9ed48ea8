package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker (a virtual thread) per pod uid. Updates from the informer replace the worker's pending pod (the latest
 * wins), lifecycle events and back-off timers wake it, and it never runs two syncs of one pod at once. Its phases
 * only move forward: syncing, terminating (when the pod is deleted or finished), terminated (cleaned up once the pod
 * is deleted, then the worker ends and the pod's uid is remembered so late updates do not revive it).
 */
public final class PodWorkers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);
  private static final int REMEMBERED_FINISHED = 10_000;
  private static final Duration IDLE = Duration.ofMinutes(5);

  private final PodSyncer syncer;
  private final Duration errorRetry;
  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  private final Set<String> finished = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_FINISHED;
    }
  }));
  private volatile boolean closed;

  public PodWorkers(PodSyncer syncer, Duration errorRetry) {
    this.syncer = Objects.requireNonNull(syncer, "syncer");
    this.errorRetry = Objects.requireNonNull(errorRetry, "errorRetry");
  }

  /** A pod was added or changed in the API. */
  public void update(Pod pod) {
    update(pod, true);
  }

  /**
   * A pod was added or changed in the API; a change of its status alone (the agent's own writes, mostly) only
   * refreshes the worker's copy, as the kubelet treats it as a reconcile rather than an update.
   */
  public void update(Pod pod, boolean sync) {
    String uid = pod.getMetadata().getUid();
    if (closed || finished.contains(uid)) {
      return;
    }
    workers.computeIfAbsent(uid, u -> new Worker(u, pod)).offer(pod, false, sync);
  }

  /** Whether {@code now} differs from {@code before} in more than its status (and the bookkeeping of writes). */
  public static boolean significantChange(Pod before, Pod now) {
    if (before == null) {
      return true;
    }
    var a = before.getMetadata();
    var b = now.getMetadata();
    return !java.util.Objects.equals(before.getSpec(), now.getSpec())
        || !java.util.Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
        || !java.util.Objects.equals(a.getDeletionGracePeriodSeconds(), b.getDeletionGracePeriodSeconds())
        || !java.util.Objects.equals(a.getLabels(), b.getLabels())
        || !java.util.Objects.equals(a.getAnnotations(), b.getAnnotations())
        || !java.util.Objects.equals(a.getUid(), b.getUid());
  }

  /** The pod is gone from the API (deleted for good, or force-deleted). */
  public void removed(Pod lastKnown) {
    String uid = lastKnown.getMetadata().getUid();
    if (closed || finished.contains(uid)) {
      return;
    }
    workers.computeIfAbsent(uid, u -> new Worker(u, lastKnown)).offer(lastKnown, true, true);
  }

  /** Something changed in the runtime for this pod: sync it soon. */
  public void wake(String uid) {
    Worker w = workers.get(uid);
    if (w != null) {
      w.signal();
    }
  }

  /** The worker's phase, if the pod has a worker. */
  public Optional<WorkerPhase> phase(String uid) {
    return Optional.ofNullable(workers.get(uid)).map(w -> w.phase);
  }

  /** Whether a worker exists or existed for the uid (an agent-known pod). */
  public boolean knows(String uid) {
    return workers.containsKey(uid) || finished.contains(uid);
  }

  @Override
  public void close() {
    closed = true;
    workers.values().forEach(Worker::stop);
    for (Worker w : workers.values()) {
      try {
        w.thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private final class Worker {
    private final String uid;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PodState state = new PodState();
    private final Thread thread;
    private Pod pending;
    private boolean gone;
    private boolean signalled;
    private boolean stopping;
    private volatile WorkerPhase phase = WorkerPhase.SYNCING;

    Worker(String uid, Pod pod) {
      this.uid = uid;
      this.pending = pod;
      this.thread = Thread.ofVirtual().name("pod-worker-" + uid).unstarted(this::run);
      this.thread.start();
    }

    void offer(Pod pod, boolean removed, boolean sync) {
      lock.lock();
      try {
        pending = pod;
        gone |= removed;
        if (sync) {
          signalled = true;
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }

    void signal() {
      lock.lock();
      try {
        signalled = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void stop() {
      lock.lock();
      try {
        stopping = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    private void run() {
      Duration wait = Duration.ZERO;
      try {
        while (true) {
          Pod pod;
          boolean removed;
          lock.lock();
          try {
            long nanos = wait.toNanos();
            while (!signalled && !stopping && nanos > 0) {
              nanos = changed.awaitNanos(nanos);
            }
            if (stopping) {
              return;
            }
            signalled = false;
            pod = pending;
            removed = gone;
          } finally {
            lock.unlock();
          }
          try {
            Optional<Duration> next = step(pod, removed);
            if (next.isEmpty()) {
              finished.add(uid);
              return;
            }
            wait = next.get();
          } catch (RuntimeException e) {
            LOG.warn("sync of pod {}/{} failed: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.toString(), e);
            wait = errorRetry;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        workers.remove(uid, this);
      }
    }

    /** One step of the pod's life; empty when the worker is done. */
    private Optional<Duration> step(Pod pod, boolean removed) {
      boolean deleting = removed || pod.getMetadata().getDeletionTimestamp() != null;
      switch (phase) {
        case SYNCING -> {
          if (deleting) {
            phase = WorkerPhase.TERMINATING;
            return Optional.of(Duration.ZERO);
          }
          SyncOutcome outcome = syncer.syncPod(pod, state);
          return switch (outcome) {
            case SyncOutcome.Continue c -> Optional.of(c.resyncAfter());
            case SyncOutcome.Finished f -> {
              phase = WorkerPhase.TERMINATING;
              yield Optional.of(Duration.ZERO);
            }
          };
        }
        case TERMINATING -> {
          syncer.syncTerminatingPod(pod, state, removed ? forceDeletedGrace(pod) : grace(pod), !removed);
          phase = WorkerPhase.TERMINATED;
          return Optional.of(Duration.ZERO);
        }
        case TERMINATED -> {
          if (deleting) {
            syncer.syncTerminatedPod(pod, !removed);
            return Optional.empty();
          }
          return Optional.of(IDLE);
        }
      }
      throw new IllegalStateException("unreachable");
    }
  }

  /**
   * The grace of a pod that left the API while it still ran (force-deleted): as the kubelet does, its containers are
   * still stopped gracefully, but within the minimum of 1 s unless a shorter deletion grace was set.
   */
  static Duration forceDeletedGrace(Pod pod) {
    return grace(pod).compareTo(Duration.ofSeconds(1)) < 0 ? grace(pod) : Duration.ofSeconds(1);
  }

  /** The grace the pod's containers get: the deletion's grace period if it is being deleted, else the spec's. */
  static Duration grace(Pod pod) {
    Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (deletion != null) {
      return Duration.ofSeconds(Math.max(0, deletion));
    }
    Long spec = pod.getSpec().getTerminationGracePeriodSeconds();
    return Duration.ofSeconds(spec == null ? 30 : Math.max(0, spec));
  }
}
