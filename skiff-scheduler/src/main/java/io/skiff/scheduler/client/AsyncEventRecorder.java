package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.cycle.EventRecorder;
import io.skiff.scheduler.cycle.SchedulerEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to another recorder on a few virtual threads, as Kubernetes' event broadcaster does, so that
 * scheduling never waits for an event to be posted. The queue is bounded: when the API server falls behind, events
 * are dropped and the drops are counted in the log. {@link #close()} posts what is queued, waiting at most the grace.
 */
public final class AsyncEventRecorder implements EventRecorder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncEventRecorder.class);

  private record Pending(Pod pod, Pod related, SchedulerEvent event, String message) {}

  private final EventRecorder delegate;
  private final BlockingQueue<Pending> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final Duration closeGrace;
  private volatile boolean closed;
  private final AtomicLong dropped = new AtomicLong();

  public AsyncEventRecorder(EventRecorder delegate, int capacity, int workerCount, Duration closeGrace) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.closeGrace = Objects.requireNonNull(closeGrace, "closeGrace");
    for (int i = 0; i < workerCount; i++) {
      workers.add(Thread.ofVirtual().name("skiff-scheduler-events-" + i).start(this::run));
    }
  }

  @Override
  public void record(Pod pod, SchedulerEvent event, String message) {
    record(pod, null, event, message);
  }

  @Override
  public void record(Pod pod, Pod related, SchedulerEvent event, String message) {
    if (!queue.offer(new Pending(pod, related, event, message))) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("the event queue is full: {} event(s) dropped so far", n);
      }
    }
  }

  private void run() {
    while (!closed || !queue.isEmpty()) {
      Pending p;
      try {
        p = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (p != null) {
        if (p.related() == null) {
          delegate.record(p.pod(), p.event(), p.message());
        } else {
          delegate.record(p.pod(), p.related(), p.event(), p.message());
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    long deadline = System.nanoTime() + closeGrace.toNanos();
    for (Thread t : workers) {
      try {
        if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        t.interrupt();
      }
    }
  }
}
