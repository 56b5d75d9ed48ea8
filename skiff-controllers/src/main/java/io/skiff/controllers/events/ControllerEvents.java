package io.skiff.controllers.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts core/v1 Events for one controller ({@code source.component} and {@code reportingComponent}) from a bounded
 * queue on one virtual thread, so that controllers never wait for the API server to take an event. Events about
 * cluster-scoped objects (nodes) go to the {@code default} namespace, as Kubernetes records them. When the queue is
 * full, events are dropped and counted in the log.
 */
public final class ControllerEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerEvents.class);
  private static final int QUEUE = 8192;

  /** One event to post. */
  private record Pending(ObjectReference object, String type, String reason, String message) {}

  private final KubernetesClient client;
  private final String component;
  private final InstantSource clock;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread worker;
  private volatile boolean closed;

  public ControllerEvents(KubernetesClient client, String component, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.component = Objects.requireNonNull(component, "component");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.worker = Thread.ofVirtual().name("skiff-" + component + "-events").start(this::run);
  }

  /** Records a {@code Normal} or {@code Warning} event about {@code object}. */
  public void record(ObjectReference object, String type, String reason, String message) {
    if (!queue.offer(new Pending(object, type, reason, message))) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("{}: event queue full, {} event(s) dropped so far", component, n);
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
        post(p);
      }
    }
  }

  private void post(Pending p) {
    String namespace = p.object().getNamespace() == null || p.object().getNamespace().isEmpty() ? "default" : p.object().getNamespace();
    var now = clock.instant();
    String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String name = p.object().getName() + "." + HexFormat.of().toHexDigits(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    try {
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
          .withInvolvedObject(p.object())
          .withType(p.type()).withReason(p.reason()).withMessage(p.message())
          .withNewSource().withComponent(component).endSource()
          .withReportingComponent(component).withReportingInstance(component)
          .withFirstTimestamp(stamp).withLastTimestamp(stamp).withCount(1)
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.debug("{}: cannot record event {} about {}: {}", component, p.reason(), p.object().getName(), e.getMessage());
    }
  }

  /** Posts what is queued (waiting at most a few seconds), then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      if (!worker.join(java.time.Duration.ofSeconds(5))) {
        worker.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.interrupt();
    }
  }
}
