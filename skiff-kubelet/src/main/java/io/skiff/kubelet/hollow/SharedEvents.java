package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.skiff.kubelet.event.EventPoster;
import io.skiff.kubelet.event.EventRecorder;
import io.skiff.kubelet.event.PodEvent;
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
 * One bounded event queue for all hollow nodes of a process, drained by a few virtual threads through one {@link
 * EventPoster}; each node records through {@link #forNode}, which stamps its name as the events' host. Where a real
 * node has its own queue, sharing one keeps a thousand nodes cheap. When the API server falls behind, events are
 * dropped and the drops counted in the log.
 */
final class SharedEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedEvents.class);

  private record Item(String nodeName, PodEvent event) {}

  private final EventPoster poster;
  private final BlockingQueue<Item> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  SharedEvents(EventPoster poster, int capacity, int workerCount) {
    this.poster = Objects.requireNonNull(poster, "poster");
    this.queue = new ArrayBlockingQueue<>(capacity);
    for (int i = 0; i < workerCount; i++) {
      workers.add(Thread.ofVirtual().name("skiff-hollow-events-" + i).start(this::run));
    }
  }

  EventRecorder forNode(String nodeName) {
    return event -> {
      if (!queue.offer(new Item(nodeName, event))) {
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
          LOG.warn("the hollow nodes' event queue is full: {} event(s) dropped so far", n);
        }
      }
    };
  }

  private void run() {
    while (!closed) {
      Item item;
      try {
        item = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (item == null) {
        continue;
      }
      try {
        poster.post(item.nodeName(), item.event());
      } catch (KubernetesClientException e) {
        LOG.debug("cannot post event {} for {}/{}: {}", item.event().reason(), item.event().namespace(), item.event().podName(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("cannot post event {} for {}/{}", item.event().reason(), item.event().namespace(), item.event().podName(), e);
      }
    }
  }

  /** Stops posting; events still queued are dropped (the simulation is ending). */
  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      t.interrupt();
    }
  }
}
