package io.skiff.kubelet.event;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skiff.kubelet.status.Timestamps;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events posted through fabric8 by one virtual thread, in the order they were recorded, with source and
 * reportingComponent {@code kubelet} and the node as host. A repeat of the same event (object, reason, message)
 * is aggregated into the first: its {@code count} and {@code lastTimestamp} are patched, as kubectl shows
 * {@code (x3 over 40s)}. The queue is bounded: when the API server is too slow, events are dropped and logged.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiEventRecorder.class);
  private static final int QUEUE = 4096;
  private static final int REMEMBERED = 4096;

  private final KubernetesClient client;
  private final String nodeName;
  private final InstantSource clock;
  private final BlockingQueue<PodEvent> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Map<String, Posted> posted = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Posted> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final Thread worker;
  private volatile boolean closed;

  private record Posted(String name, int count, String firstTimestamp) {}

  public ApiEventRecorder(KubernetesClient client, String nodeName, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.clock = Objects.requireNonNull(clock, "clock");
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
        post(e);
      } catch (KubernetesClientException ex) {
        LOG.warn("cannot post event {} for {}/{}: {}", e.reason(), e.namespace(), e.podName(), ex.getMessage());
      } catch (RuntimeException ex) {
        LOG.warn("cannot post event {} for {}/{}", e.reason(), e.namespace(), e.podName(), ex);
      }
    }
  }

  private void post(PodEvent e) {
    String now = Timestamps.time(clock.instant());
    String key = e.podUid() + "|" + e.fieldPath() + "|" + e.type() + "|" + e.reason() + "|" + e.message();
    Posted before = posted.get(key);
    if (before != null) {
      int count = before.count() + 1;
      try {
        client.v1().events().inNamespace(e.namespace()).withName(before.name())
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
        posted.put(key, new Posted(before.name(), count, before.firstTimestamp()));
        return;
      } catch (KubernetesClientException ex) {
        if (ex.getCode() != 404) {
          throw ex;
        }
      }
    }
    String name = e.podName() + "." + HexFormat.of().toHexDigits(clock.instant().toEpochMilli() * 1_000_000L + System.nanoTime() % 1_000_000L);
    Event ev = new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(e.namespace()).endMetadata()
        .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(e.namespace()).withName(e.podName()).withUid(e.podUid())
        .withFieldPath(e.fieldPath().isEmpty() ? null : e.fieldPath()).endInvolvedObject()
        .withReason(e.reason()).withMessage(e.message()).withType(e.type().name())
        .withNewSource().withComponent("kubelet").withHost(nodeName).endSource()
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withReportingComponent("kubelet").withReportingInstance(nodeName)
        .build();
    client.v1().events().inNamespace(e.namespace()).resource(ev).create();
    posted.put(key, new Posted(name, 1, now));
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
