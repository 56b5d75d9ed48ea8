package io.skiff.controllers.disruption;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The controller's work queue of budget keys ({@code namespace/name}), as client-go's delaying queue: a key is held
 * once, at the earliest time it was asked for; {@link #take} hands out a due key and blocks until one is. Its size is
 * bounded by the number of budgets.
 */
final class BudgetQueue {
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Instant> due = new HashMap<>();
  private boolean closed;

  BudgetQueue(InstantSource clock) {
    this.clock = clock;
  }

  /** Asks for the key now. */
  void add(String key) {
    addAt(key, clock.instant());
  }

  /** Asks for the key after {@code delay}, unless it is already due earlier. */
  void addAfter(String key, Duration delay) {
    addAt(key, clock.instant().plus(delay));
  }

  private void addAt(String key, Instant at) {
    lock.lock();
    try {
      due.merge(key, at, (a, b) -> a.isBefore(b) ? a : b);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next due key, removed from the queue; waits for one at most {@code poll} at a time, so that a fake clock in
   * tests is seen moving. Empty once closed.
   */
  Optional<String> take(Duration poll) throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        Instant now = clock.instant();
        Map.Entry<String, Instant> first = null;
        for (Map.Entry<String, Instant> e : due.entrySet()) {
          if (first == null || e.getValue().isBefore(first.getValue())) {
            first = e;
          }
        }
        if (first != null && !first.getValue().isAfter(now)) {
          due.remove(first.getKey());
          return Optional.of(first.getKey());
        }
        long waitMs = first == null ? poll.toMillis() : Math.min(poll.toMillis(), Duration.between(now, first.getValue()).toMillis() + 1);
        changed.await(Math.max(1, waitMs), TimeUnit.MILLISECONDS);
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the key is waiting (due or not). */
  boolean holds(String key) {
    lock.lock();
    try {
      return due.containsKey(key);
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
