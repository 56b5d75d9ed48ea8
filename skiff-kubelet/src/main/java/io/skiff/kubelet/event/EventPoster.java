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
import java.util.concurrent.locks.ReentrantLock;

/**
 * Posts one kubelet event as a core/v1 Event through fabric8, with source and reportingComponent {@code kubelet} and
 * the node as host and reporting instance. A repeat of the same event (object, reason, message) is aggregated into
 * the first: its {@code count} and {@code lastTimestamp} are patched, as kubectl shows {@code (x3 over 40s)}.
 * Thread-safe; the lock guards only the memory of posted events, never an API call. Throws the client's exception
 * when the API server refuses.
 */
public final class EventPoster {
  private static final int REMEMBERED = 4096;

  private final KubernetesClient client;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Posted> posted = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Posted> eldest) {
      return size() > REMEMBERED;
    }
  };

  private record Posted(String name, int count) {}

  public EventPoster(KubernetesClient client, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void post(String nodeName, PodEvent e) {
    String now = Timestamps.time(clock.instant());
    String key = e.podUid() + "|" + e.fieldPath() + "|" + e.type() + "|" + e.reason() + "|" + e.message();
    Posted before = find(key);
    if (before != null) {
      int count = before.count() + 1;
      try {
        Event named = new EventBuilder().withNewMetadata().withNamespace(e.namespace()).withName(before.name()).endMetadata().build();
        client.v1().events().inNamespace(e.namespace()).resource(named)
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
        remember(key, new Posted(before.name(), count));
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
    remember(key, new Posted(name, 1));
  }

  private Posted find(String key) {
    lock.lock();
    try {
      return posted.get(key);
    } finally {
      lock.unlock();
    }
  }

  private void remember(String key, Posted value) {
    lock.lock();
    try {
      posted.put(key, value);
    } finally {
      lock.unlock();
    }
  }
}
