package io.skiff.controllers.tainteviction;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Pod deletions scheduled for a time, keyed by {@code namespace/name} (Kubernetes' {@code TimedWorkerQueue}). One
 * virtual thread waits for the earliest and hands each due work to {@code fire}; scheduling and cancelling are
 * thread-safe and wake it.
 */
final class EvictionQueue implements AutoCloseable {
  /** A scheduled deletion: of which pod, on which node, since when, and when it fires. */
  record Work(String key, String nodeName, Instant createdAt, Instant fireAt) {}

  private final InstantSource clock;
  private final Consumer<Work> fire;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Work> byKey = new HashMap<>();
  private final TreeSet<Work> byTime = new TreeSet<>(Comparator.comparing(Work::fireAt).thenComparing(Work::key));
  private final Thread waiter;
  private boolean closed;

  EvictionQueue(InstantSource clock, Consumer<Work> fire) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fire = Objects.requireNonNull(fire, "fire");
    this.waiter = Thread.ofVirtual().name("skiff-taint-eviction-timer").start(this::run);
  }

  void add(Work work) {
    lock.lock();
    try {
      Work old = byKey.put(work.key(), work);
      if (old != null) {
        byTime.remove(old);
      }
      byTime.add(work);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes the pod's scheduled deletion; answers whether there was one. */
  boolean cancel(String key) {
    lock.lock();
    try {
      Work old = byKey.remove(key);
      if (old != null) {
        byTime.remove(old);
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  Optional<Work> find(String key) {
    lock.lock();
    try {
      return Optional.ofNullable(byKey.get(key));
    } finally {
      lock.unlock();
    }
  }

  /** The works scheduled for pods on that node. */
  List<Work> onNode(String nodeName) {
    lock.lock();
    try {
      return byKey.values().stream().filter(w -> w.nodeName().equals(nodeName)).toList();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      List<Work> due = new ArrayList<>();
      lock.lock();
      try {
        while (!closed && due.isEmpty()) {
          Instant now = clock.instant();
          while (!byTime.isEmpty() && !byTime.first().fireAt().isAfter(now)) {
            Work w = byTime.pollFirst();
            byKey.remove(w.key());
            due.add(w);
          }
          if (due.isEmpty()) {
            if (byTime.isEmpty()) {
              changed.await();
            } else {
              changed.await(Math.max(1, Duration.between(now, byTime.first().fireAt()).toNanos()), TimeUnit.NANOSECONDS);
            }
          }
        }
        if (closed) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      due.forEach(fire);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      waiter.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
