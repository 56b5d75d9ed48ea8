package io.skiff.store.etcd;

import io.etcd.jetcd.Watch.Listener;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.watch.WatchResponse;
import io.skiff.store.CompactedException;
import io.skiff.store.KeyValue;
import io.skiff.store.Watch;
import io.skiff.store.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One etcd watch read with blocking polls. jetcd's listener runs on its event loop and only queues (never blocks):
 * the queue is bounded, and a watcher that lets it fill is closed so that its caller re-watches from the last
 * revision it saw. When the connection to etcd drops, jetcd re-creates the watch from the revision after the last
 * event it delivered; if that revision was compacted meanwhile, {@link #poll} throws {@link CompactedException}.
 * A watch jetcd gives up on is reported closed.
 */
final class EtcdWatch implements Watch, Listener {
  private final long afterRevision;
  private final int capacity;
  private final Consumer<EtcdWatch> onClose;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<WatchEvent> queue = new ArrayDeque<>();
  private long lastQueued;
  private CompactedException compacted;
  private boolean closed;
  private volatile Watcher watcher;

  EtcdWatch(long afterRevision, int capacity, Consumer<EtcdWatch> onClose) {
    this.afterRevision = afterRevision;
    this.lastQueued = afterRevision;
    this.capacity = capacity;
    this.onClose = onClose;
  }

  void attach(Watcher watcher) {
    this.watcher = watcher;
    if (isClosed()) {
      watcher.close();
    }
  }

  @Override
  public void onNext(WatchResponse response) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
        WatchEvent event = convert(e);
        if (event.revision() <= lastQueued) {
          continue;
        }
        if (queue.size() >= capacity) {
          closeLocked();
          break;
        }
        queue.addLast(event);
        lastQueued = event.revision();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (isClosed()) {
      closeWatcher();
    }
  }

  private static WatchEvent convert(io.etcd.jetcd.watch.WatchEvent e) {
    io.etcd.jetcd.KeyValue kv = e.getKeyValue();
    return switch (e.getEventType()) {
      case PUT -> new WatchEvent(kv.getCreateRevision() == kv.getModRevision() ? WatchEvent.Type.CREATED : WatchEvent.Type.UPDATED,
          Keys.toKeyValue(kv));
      case DELETE -> {
        io.etcd.jetcd.KeyValue prev = e.getPrevKV();
        String key = kv.getKey().toString(StandardCharsets.UTF_8);
        boolean known = prev != null && prev.getModRevision() > 0;
        yield new WatchEvent(WatchEvent.Type.DELETED, new KeyValue(key, known ? prev.getValue().getBytes() : new byte[0],
            known ? prev.getCreateRevision() : kv.getModRevision(), kv.getModRevision()));
      }
      case UNRECOGNIZED -> throw new IllegalStateException("etcd sent a watch event of an unknown type for " + kv.getKey());
    };
  }

  @Override
  public void onError(Throwable error) {
    if (error instanceof io.etcd.jetcd.common.exception.CompactedException c) {
      lock.lock();
      try {
        compacted = new CompactedException(lastQueued, c.getCompactedRevision());
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
    // Other errors: jetcd re-creates the watch after a short delay, or gives up and closes it (seen by poll).
  }

  @Override
  public void onCompleted() {
    close();
  }

  @Override
  public Optional<WatchEvent> poll(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (true) {
        if (closed) {
          return Optional.empty();
        }
        if (!queue.isEmpty()) {
          return Optional.of(queue.pollFirst());
        }
        if (compacted != null) {
          CompactedException e = compacted;
          closeLocked();
          throw e;
        }
        Watcher w = watcher;
        if (w != null && w.isClosed()) {
          closeLocked();
          return Optional.empty();
        }
        if (remaining <= 0) {
          return Optional.empty();
        }
        long slice = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(250));
        long left = changed.awaitNanos(slice);
        remaining -= slice - left;
      }
    } finally {
      lock.unlock();
      if (isClosed()) {
        closeWatcher();
      }
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
      closeLocked();
    } finally {
      lock.unlock();
    }
    closeWatcher();
  }

  private void closeLocked() {
    if (!closed) {
      closed = true;
      queue.clear();
      changed.signalAll();
    }
  }

  private void closeWatcher() {
    Watcher w = watcher;
    if (w != null && !w.isClosed()) {
      w.close();
    }
    onClose.accept(this);
  }

  @Override
  public String toString() {
    return "EtcdWatch[after=" + afterRevision + "]";
  }
}
