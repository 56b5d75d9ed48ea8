package io.skiff.apiserver.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.storage.WatchCache.Event;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One client's watch on a {@link WatchCache}: the initial events, then live changes through a bounded queue.
 * Changes are filtered here, on the consumer's thread, as Kubernetes does: an object that stops matching the
 * selector is reported DELETED, one that starts matching is reported ADDED.
 */
public final class CacheWatcher implements AutoCloseable {
  private final Predicate<HasMetadata> filter;
  private final Consumer<CacheWatcher> onClose;
  private final ArrayDeque<Event> initial = new ArrayDeque<>();
  private final BlockingQueue<Event> live = new ArrayBlockingQueue<>(WatchCache.WATCHER_QUEUE);
  private volatile boolean closed;
  private volatile boolean overflowed;

  CacheWatcher(Predicate<HasMetadata> filter, Consumer<CacheWatcher> onClose) {
    this.filter = filter;
    this.onClose = onClose;
  }

  void addInitial(Event e) {
    initial.addLast(e);
  }

  /** Called by the dispatcher; false when this watcher is closed or full (it is then closed). */
  boolean offer(Event e) {
    if (closed) {
      return false;
    }
    if (!live.offer(e)) {
      overflowed = true;
      closed = true;
      return false;
    }
    return true;
  }

  /**
   * The next event this watch should deliver, waiting up to {@code timeout}; empty on timeout. After the watcher
   * is closed (by the client, the cache, or because it fell behind) it returns empty and {@link #isClosed()} is true.
   */
  public Optional<Event> next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event raw = initial.pollFirst();
      if (raw == null) {
        if (closed && live.isEmpty()) {
          return Optional.empty();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        raw = live.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
        if (raw == null) {
          continue;
        }
      }
      Optional<Event> filtered = filter(raw);
      if (filtered.isPresent()) {
        return filtered;
      }
    }
  }

  /** The next event this watch should deliver that is ready now, without waiting; empty when there is none. */
  public Optional<Event> poll() {
    while (true) {
      Event raw = initial.pollFirst();
      if (raw == null) {
        raw = live.poll();
      }
      if (raw == null) {
        return Optional.empty();
      }
      Optional<Event> filtered = filter(raw);
      if (filtered.isPresent()) {
        return filtered;
      }
    }
  }

  private Optional<Event> filter(Event e) {
    boolean now = e.type() != Event.Type.DELETED && filter.test(e.object());
    boolean before = e.previous() != null && filter.test(e.previous());
    return switch (e.type()) {
      case ADDED -> now ? Optional.of(e) : Optional.empty();
      case MODIFIED -> {
        if (now && before) {
          yield Optional.of(e);
        } else if (now) {
          yield Optional.of(e.as(Event.Type.ADDED, null));
        } else if (before) {
          yield Optional.of(e.as(Event.Type.DELETED, e.previous()));
        }
        yield Optional.empty();
      }
      case DELETED -> before || filter.test(e.object()) ? Optional.of(e) : Optional.empty();
    };
  }

  /** Whether the watch ended; {@link #overflowed()} tells whether because the client was too slow. */
  public boolean isClosed() {
    return closed && initial.isEmpty() && live.isEmpty();
  }

  public boolean overflowed() {
    return overflowed;
  }

  @Override
  public void close() {
    closed = true;
    onClose.accept(this);
  }
}
