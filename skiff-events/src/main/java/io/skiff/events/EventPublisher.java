package io.skiff.events;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.InstantSource;
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
 * The one event recorder of skiff: {@link #record} never waits for the API server; it queues the event, and a few
 * virtual threads post the queue through an {@link EventPoster} (naming, counting repeats). The queue is bounded: when
 * the API server falls behind, events are dropped, and the drops are counted in the log, as are refused posts (a lost
 * event must never fail the component that reports it). {@link #close()} drains or drops what is queued, as the
 * {@link QueueSettings#onClose()} says. Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
  private static final long POLL_MILLIS = 200;

  private final EventPoster poster;
  private final QueueSettings settings;
  private final BlockingQueue<ObjectEvent> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean closed;

  public EventPublisher(KubernetesClient client, InstantSource clock, QueueSettings settings) {
    this.poster = new EventPoster(client, clock);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.queue = new ArrayBlockingQueue<>(settings.capacity());
    for (int i = 0; i < settings.workers(); i++) {
      workers.add(Thread.ofVirtual().name(settings.threadName() + "-" + i).start(this::run));
    }
  }

  /** Queues {@code event} for posting; drops and counts it when the queue is full or the publisher closed. */
  public void record(ObjectEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed || !queue.offer(event)) {
      countDropped(1);
    }
  }

  /** How many events were dropped so far (queue full, or left queued at close). */
  public long dropped() {
    return dropped.get();
  }

  /** How many posts the API server refused so far. */
  public long failed() {
    return failed.get();
  }

  private void countDropped(long n) {
    long before = dropped.getAndAdd(n);
    long after = before + n;
    if (before == 0 || before / 1000 != after / 1000) {
      LOG.warn("{}: event queue full or closed, {} event(s) dropped so far", settings.threadName(), after);
    }
  }

  private void run() {
    while (!closed || settings.onClose() instanceof OnClose.Drain && !queue.isEmpty()) {
      ObjectEvent e;
      try {
        e = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ex) {
        return;
      }
      if (e != null) {
        post(e);
      }
    }
  }

  private void post(ObjectEvent e) {
    try {
      poster.post(e);
    } catch (KubernetesClientException ex) {
      countFailed(e, ex.getMessage());
    } catch (RuntimeException ex) {
      LOG.warn("{}: cannot post event {} about {}", settings.threadName(), e.reason(), e.involved().getName(), ex);
      failed.incrementAndGet();
    }
  }

  private void countFailed(ObjectEvent e, String why) {
    long n = failed.incrementAndGet();
    if (n == 1 || n % 1000 == 0) {
      LOG.warn("{}: cannot post event {} about {}: {} ({} refused so far)", settings.threadName(), e.reason(), e.involved().getName(), why, n);
    } else {
      LOG.debug("{}: cannot post event {} about {}: {}", settings.threadName(), e.reason(), e.involved().getName(), why);
    }
  }

  /** Stops the workers; queued events are posted within the grace ({@link OnClose.Drain}) or dropped ({@link OnClose.Drop}). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Duration grace = settings.onClose() instanceof OnClose.Drain(Duration g) ? g : Duration.ZERO;
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread t : workers) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !t.join(Duration.ofNanos(left))) {
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        t.interrupt();
      }
    }
    int left = queue.size();
    queue.clear();
    if (left > 0) {
      countDropped(left);
    }
  }
}
