package io.skiff.common;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task on its own virtual thread, at most {@code limit} at a time: {@link #execute} blocks the caller while
 * that many run, which is the back-pressure (no unbounded queue). A task's exception is logged, never lost silently.
 * {@link #close()} waits for running tasks up to the given grace, then interrupts them.
 */
public final class BoundedExecutor implements Executor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BoundedExecutor.class);

  private final Semaphore permits;
  private final ExecutorService threads;
  private final Duration closeGrace;

  public BoundedExecutor(String name, int limit, Duration closeGrace) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    this.permits = new Semaphore(limit);
    this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
    this.closeGrace = closeGrace;
  }

  @Override
  public void execute(Runnable task) {
    permits.acquireUninterruptibly();
    try {
      threads.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("task failed", e);
        } finally {
          permits.release();
        }
      });
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  @Override
  public void close() {
    threads.shutdown();
    try {
      if (!threads.awaitTermination(closeGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
