package io.skiff.images.registry;

import java.time.Duration;

/**
 * Breaks off a blob read that has received nothing for a while: a watcher interrupts the reading thread, whose
 * blocked read then fails; {@link #stalled()} tells the reader that the failure was the guard's doing.
 */
final class StallGuard implements AutoCloseable {
  private final Thread reader;
  private final Thread watcher;
  private final long limitNanos;
  private volatile long lastProgress = System.nanoTime();
  private volatile boolean stalled;
  private volatile boolean closed;

  StallGuard(Duration limit) {
    this.reader = Thread.currentThread();
    this.limitNanos = limit.toNanos();
    long tick = Math.max(10, Math.min(1000, limit.toMillis() / 4));
    this.watcher = Thread.ofVirtual().name("blob-stall-guard").start(() -> watch(tick));
  }

  private void watch(long tickMillis) {
    while (!closed) {
      try {
        Thread.sleep(tickMillis);
      } catch (InterruptedException e) {
        return;
      }
      if (!closed && System.nanoTime() - lastProgress > limitNanos) {
        stalled = true;
        reader.interrupt();
        return;
      }
    }
  }

  void progressed() {
    lastProgress = System.nanoTime();
  }

  boolean stalled() {
    return stalled;
  }

  @Override
  public void close() {
    closed = true;
    watcher.interrupt();
    if (stalled) {
      Thread.interrupted();
    }
  }
}
