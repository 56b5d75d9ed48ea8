package io.skiff.store.broadcast;

import io.skiff.store.Watch;
import io.skiff.store.WatchEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans committed events out to watchers. The store's single writer calls {@link #publish} after each commit, in
 * revision order; publishing never blocks: each watcher has a bounded queue, and a watcher whose queue is full is
 * closed at once (its client re-watches from the last revision it saw, as the Kubernetes watch cache does with a
 * slow watcher). A watch that starts below the newest published revision first replays the older events through
 * the store's {@link EventReplay}, then continues with the live events queued since it registered.
 */
public final class WatchBroadcaster implements AutoCloseable {

  /** The live-event queue size per watcher used when a store does not choose one. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  private final ReentrantLock lock = new ReentrantLock();
  private final List<BroadcastWatch> watchers = new ArrayList<>();
  private final int queueCapacity;
  private long lastPublished;
  private boolean closed;

  /**
   * @param lastPublished the newest revision already committed when the broadcaster starts (events up to it are
   *                      only reachable through replay)
   * @param queueCapacity the bound of each watcher's live-event queue
   */
  public WatchBroadcaster(long lastPublished, int queueCapacity) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive, was " + queueCapacity);
    }
    this.lastPublished = lastPublished;
    this.queueCapacity = queueCapacity;
  }

  /**
   * Starts a watch for events under {@code prefix} with a revision greater than {@code afterRevision}. Events up to
   * the newest published revision are read through {@code replay} when the watch is polled; later ones arrive live.
   * The caller checks the compaction point first.
   */
  public Watch register(String prefix, long afterRevision, EventReplay replay) {
    lock.lock();
    try {
      BroadcastWatch watch = new BroadcastWatch(prefix, afterRevision, lastPublished, queueCapacity, replay, this::remove);
      if (closed) {
        watch.close();
      } else {
        watchers.add(watch);
      }
      return watch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands committed events, in revision order, to every matching watcher. Never blocks; a watcher that cannot take
   * an event is closed.
   */
  public void publish(List<WatchEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (WatchEvent event : events) {
        if (event.revision() <= lastPublished) {
          throw new IllegalStateException("event revision " + event.revision() + " published after " + lastPublished);
        }
        lastPublished = event.revision();
        for (Iterator<BroadcastWatch> it = watchers.iterator(); it.hasNext(); ) {
          BroadcastWatch watch = it.next();
          if (!watch.offer(event)) {
            it.remove();
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The newest revision published so far. */
  public long lastPublished() {
    lock.lock();
    try {
      return lastPublished;
    } finally {
      lock.unlock();
    }
  }

  /** The number of open watches (for metrics and tests). */
  public int watcherCount() {
    lock.lock();
    try {
      return watchers.size();
    } finally {
      lock.unlock();
    }
  }

  /** Closes every watch; later registrations get a closed watch. */
  @Override
  public void close() {
    List<BroadcastWatch> open;
    lock.lock();
    try {
      closed = true;
      open = List.copyOf(watchers);
      watchers.clear();
    } finally {
      lock.unlock();
    }
    open.forEach(BroadcastWatch::close);
  }

  private void remove(BroadcastWatch watch) {
    lock.lock();
    try {
      watchers.remove(watch);
    } finally {
      lock.unlock();
    }
  }
}
