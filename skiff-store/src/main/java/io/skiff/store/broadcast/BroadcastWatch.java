package io.skiff.store.broadcast;

import io.skiff.store.CompactedException;
import io.skiff.store.Watch;
import io.skiff.store.WatchEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One watcher of a {@link WatchBroadcaster}: first the replayed events in {@code (afterRevision, replayEnd]}, read
 * in batches on the polling thread, then the live events the broadcaster queued since registration (all newer than
 * {@code replayEnd}), so nothing is missed or seen twice.
 */
final class BroadcastWatch implements Watch {
  static final int REPLAY_BATCH = 256;

  private final String prefix;
  private final long afterRevision;
  private final long replayEnd;
  private final int capacity;
  private final EventReplay replay;
  private final Consumer<BroadcastWatch> onClose;

  /** Guards the live queue and the closed flag; the broadcaster offers under it. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<WatchEvent> live = new ArrayDeque<>();
  private boolean closed;

  /** Serialises pollers; guards the replay state below. */
  private final ReentrantLock pollLock = new ReentrantLock();
  private final ArrayDeque<WatchEvent> replayed = new ArrayDeque<>();
  private long replayCursor;
  private boolean replayDone;

  BroadcastWatch(String prefix, long afterRevision, long replayEnd, int capacity, EventReplay replay,
      Consumer<BroadcastWatch> onClose) {
    this.prefix = prefix;
    this.afterRevision = afterRevision;
    this.replayEnd = replayEnd;
    this.capacity = capacity;
    this.replay = replay;
    this.onClose = onClose;
    this.replayCursor = afterRevision;
    this.replayDone = afterRevision >= replayEnd;
  }

  /** Queues a live event if it matches; false when the watch is closed or just overflowed (and is now closed). */
  boolean offer(WatchEvent event) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      if (event.revision() <= afterRevision || !event.kv().key().startsWith(prefix)) {
        return true;
      }
      if (live.size() >= capacity) {
        closed = true;
        live.clear();
        changed.signalAll();
        return false;
      }
      live.addLast(event);
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<WatchEvent> poll(Duration timeout) throws InterruptedException {
    pollLock.lockInterruptibly();
    try {
      if (isClosed()) {
        return Optional.empty();
      }
      Optional<WatchEvent> fromHistory = nextReplayed();
      return fromHistory.isPresent() ? fromHistory : nextLive(timeout);
    } finally {
      pollLock.unlock();
    }
  }

  private Optional<WatchEvent> nextReplayed() {
    while (replayed.isEmpty() && !replayDone) {
      List<WatchEvent> batch;
      try {
        batch = replay.replay(prefix, replayCursor, replayEnd, REPLAY_BATCH);
      } catch (CompactedException e) {
        close();
        throw e;
      }
      replayed.addAll(batch);
      if (!batch.isEmpty()) {
        replayCursor = batch.getLast().revision();
      }
      if (batch.size() < REPLAY_BATCH) {
        replayDone = true;
      }
    }
    return Optional.ofNullable(replayed.pollFirst());
  }

  private Optional<WatchEvent> nextLive(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (live.isEmpty() && !closed && remaining > 0) {
        remaining = changed.awaitNanos(remaining);
      }
      return closed ? Optional.empty() : Optional.ofNullable(live.pollFirst());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      live.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    onClose.accept(this);
  }

  @Override
  public String toString() {
    return "Watch[prefix=" + prefix + ", after=" + afterRevision + ", replayEnd=" + replayEnd + "]";
  }
}
