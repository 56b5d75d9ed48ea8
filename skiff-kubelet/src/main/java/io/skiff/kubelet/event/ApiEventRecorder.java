package io.skiff.kubelet.event;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events of one node, posted by one virtual thread in the order they were recorded (through an {@link
 * EventPoster}, which aggregates repeats). The queue is bounded: when the API server is too slow, events are dropped
 * and logged.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiEventRecorder.class);
  private static final int QUEUE = 4096;

  private final EventPoster poster;
  private final String nodeName;
  private final BlockingQueue<PodEvent> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread worker;
  private volatile boolean closed;

  public ApiEventRecorder(KubernetesClient client, String nodeName, InstantSource clock) {
    this.poster = new EventPoster(client, clock);
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.worker = Thread.ofVirtual().name("skiff-kubelet-events").start(this::run);
  }

  @Override
  public void record(PodEvent event) {
    if (!queue.offer(event)) {
      LOG.warn("event queue full, dropping {} {} for {}/{}", event.reason(), event.message(), event.namespace(), event.podName());
    }
  }

  private void run() {
    while (!closed || !queue.isEmpty()) {
      PodEvent e;
      try {
        e = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ex) {
        return;
      }
      if (e == null) {
        continue;
      }
      try {
        poster.post(nodeName, e);
      } catch (KubernetesClientException ex) {
        LOG.warn("cannot post event {} for {}/{}: {}", e.reason(), e.namespace(), e.podName(), ex.getMessage());
      } catch (RuntimeException ex) {
        LOG.warn("cannot post event {} for {}/{}", e.reason(), e.namespace(), e.podName(), ex);
      }
    }
  }

  /** Posts what is queued (waiting at most a few seconds), then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      worker.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.interrupt();
  }
}
