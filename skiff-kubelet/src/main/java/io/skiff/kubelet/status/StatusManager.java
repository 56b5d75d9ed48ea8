package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.api.PodStatusWriter;
import io.skiff.kubelet.startup.PodStartupTracker;
import io.skiff.kubelet.startup.StartupStep;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's status manager. A sync hands it the status it computed and goes on at once; one writer per pod (a
 * virtual thread, alive while there is something to write) sends the newest status to the API server, so statuses
 * computed while a write is in flight are coalesced into the next one, and a status equal to the last one written is
 * not sent again. Syncs start from the newest status handed in (the informer's copy may still lag behind). A write
 * that fails is retried by the writer after {@code retry}, as long as the pod is known.
 */
public final class StatusManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusManager.class);
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

  private final PodStatusWriter writer;
  private final Duration retry;
  private final PodStartupTracker startup;
  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public StatusManager(PodStatusWriter writer) {
    this(writer, Duration.ofSeconds(1));
  }

  public StatusManager(PodStatusWriter writer, Duration retry) {
    this(writer, retry, PodStartupTracker.disabled());
  }

  /** A manager that tells {@code startup} each status it takes and when each is sent and answered. */
  public StatusManager(PodStatusWriter writer, Duration retry, PodStartupTracker startup) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.startup = Objects.requireNonNull(startup, "startup");
  }

  /**
   * Takes {@code status} as the pod's newest status and has it written unless it equals the newest one already taken;
   * answers whether it differed (and so will be written).
   */
  public boolean update(Pod pod, PodStatus status) {
    String uid = pod.getMetadata().getUid();
    Entry e = entries.computeIfAbsent(uid, u -> new Entry(uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
    return e.offer(status);
  }

  /** The newest status taken for the pod. */
  public Optional<PodStatus> find(String podUid) {
    Entry e = entries.get(podUid);
    return e == null ? Optional.empty() : Optional.ofNullable(e.newest());
  }

  /** The pod with the newest status this manager took, when it took one. */
  public Pod withWrittenStatus(Pod pod) {
    PodStatus s = find(pod.getMetadata().getUid()).orElse(null);
    return s == null ? pod : new PodBuilder(pod).withStatus(s).build();
  }

  /**
   * Completes the deletion of a pod that is stopped and cleaned up, after its last status reached the API server (or
   * could not within a few seconds).
   */
  public void deleteFinally(Pod pod) {
    Entry e = entries.get(pod.getMetadata().getUid());
    if (e != null) {
      e.awaitWritten(FLUSH_WAIT);
    }
    writer.deleteFinally(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
  }

  /** Forgets the pod: nothing more is written for it. */
  public void forget(String podUid) {
    Entry e = entries.remove(podUid);
    if (e != null) {
      e.cancel();
    }
  }

  /** Waits until every status taken so far was written or given up on (tests, shutdown). */
  public void flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Entry e : entries.values()) {
      e.awaitWritten(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  @Override
  public void close() {
    closed = true;
    entries.values().forEach(Entry::cancel);
  }

  /** One pod's statuses: the newest taken, the last written, and whether a writer is running. */
  private final class Entry {
    private final String uid;
    private final String namespace;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private PodStatus newest;
    private PodStatus written;
    private boolean writing;
    private boolean cancelled;

    Entry(String uid, String namespace, String name) {
      this.uid = uid;
      this.namespace = namespace;
      this.name = name;
    }

    boolean offer(PodStatus status) {
      lock.lock();
      try {
        if (status.equals(newest)) {
          return false;
        }
        newest = status;
        startup.statusHanded(uid, status);
        if (!writing && !cancelled && !closed) {
          writing = true;
          Thread.ofVirtual().name("skiff-status-" + namespace + "/" + name).start(this::writeLoop);
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    PodStatus newest() {
      lock.lock();
      try {
        return newest;
      } finally {
        lock.unlock();
      }
    }

    void cancel() {
      lock.lock();
      try {
        cancelled = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void awaitWritten(Duration timeout) {
      long nanos = timeout.toNanos();
      lock.lock();
      try {
        while (writing && !cancelled && nanos > 0) {
          nanos = changed.awaitNanos(nanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    }

    private void writeLoop() {
      while (true) {
        PodStatus next;
        lock.lock();
        try {
          if (cancelled || closed || newest == null || newest.equals(written)) {
            writing = false;
            changed.signalAll();
            return;
          }
          next = newest;
        } finally {
          lock.unlock();
        }
        boolean ok;
        try {
          String phase = next.getPhase() == null ? "" : next.getPhase();
          startup.step(uid, StartupStep.PATCH_SENT, phase);
          writer.writeStatus(namespace, name, next);
          startup.step(uid, StartupStep.PATCH_ANSWERED, phase);
          ok = true;
        } catch (RuntimeException e) {
          LOG.warn("cannot write the status of pod {}/{} (retrying in {} ms): {}", namespace, name, retry.toMillis(), e.getMessage());
          ok = false;
        }
        lock.lock();
        try {
          if (ok) {
            written = next;
            changed.signalAll();
          } else if (!cancelled && !closed) {
            changed.await(retry.toMillis(), TimeUnit.MILLISECONDS);
          }
        } catch (InterruptedException e) {
          writing = false;
          changed.signalAll();
          return;
        } finally {
          lock.unlock();
        }
      }
    }
  }
}
