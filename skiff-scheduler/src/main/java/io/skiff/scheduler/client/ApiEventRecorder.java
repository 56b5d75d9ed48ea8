package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skiff.scheduler.cycle.EventRecorder;
import io.skiff.scheduler.cycle.SchedulerEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 events about pods, as Kubernetes' legacy event recorder does: the event is named
 * {@code <pod>.<hex nanoseconds>}, points at the pod (kind, namespace, name, uid, apiVersion, resourceVersion), and
 * names {@code default-scheduler} as source and reporting component. The same reason and message about the same pod
 * again updates that event (count + 1, lastTimestamp) with a merge patch instead of creating a new one, which is how
 * kubectl shows {@code (x3 over 2m)}; if the earlier event is gone a new one is created. Failures are logged, never
 * thrown. Thread-safe; the lock covers only the memory of recorded events, never an API call.
 */
public final class ApiEventRecorder implements EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(ApiEventRecorder.class);
  private static final int REMEMBERED = 4096;

  private final KubernetesClient client;
  private final String component;
  private final String instance;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Recorded> recorded = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
      return size() > REMEMBERED;
    }
  };

  private record Recorded(String namespace, String name, int count) {}

  public ApiEventRecorder(KubernetesClient client, String component, String instance, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.component = Objects.requireNonNull(component, "component");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void record(Pod pod, SchedulerEvent event, String message) {
    record(pod, null, event, message);
  }

  /** As {@link #record(Pod, SchedulerEvent, String)}, with {@code related} (may be null) as the event's related object. */
  @Override
  public void record(Pod pod, Pod related, SchedulerEvent event, String message) {
    String key = pod.getMetadata().getUid() + "\n" + event.name() + "\n" + message;
    String now = timestamp(clock.instant());
    Recorded previous = remembered(key);
    if (previous != null) {
      switch (increment(previous, now)) {
        case UPDATED -> {
          remember(key, new Recorded(previous.namespace(), previous.name(), previous.count() + 1));
          return;
        }
        case FAILED -> {
          return;
        }
        case GONE -> forget(key);
      }
    }
    Event created = create(pod, related, event, message, now);
    if (created != null) {
      remember(key, new Recorded(created.getMetadata().getNamespace(), created.getMetadata().getName(), 1));
    }
  }

  private Recorded remembered(String key) {
    lock.lock();
    try {
      return recorded.get(key);
    } finally {
      lock.unlock();
    }
  }

  private void remember(String key, Recorded value) {
    lock.lock();
    try {
      recorded.put(key, value);
    } finally {
      lock.unlock();
    }
  }

  private void forget(String key) {
    lock.lock();
    try {
      recorded.remove(key);
    } finally {
      lock.unlock();
    }
  }

  private enum Increment { UPDATED, GONE, FAILED }

  private Increment increment(Recorded previous, String now) {
    Map<String, Object> patch = Map.of("count", previous.count() + 1, "lastTimestamp", now);
    try {
      Event target = new EventBuilder().withNewMetadata().withNamespace(previous.namespace()).withName(previous.name()).endMetadata().build();
      client.v1().events().inNamespace(previous.namespace()).resource(target)
          .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(patch));
      return Increment.UPDATED;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Increment.GONE;
      }
      LOG.warn("could not update event {}/{}: {}", previous.namespace(), previous.name(), e.getMessage());
      return Increment.FAILED;
    }
  }

  private Event create(Pod pod, Pod related, SchedulerEvent event, String message, String now) {
    String namespace = pod.getMetadata().getNamespace();
    Event e = new EventBuilder()
        .withNewMetadata()
          .withNamespace(namespace)
          .withName(pod.getMetadata().getName() + "." + Long.toHexString(nanos(clock.instant())))
        .endMetadata()
        .withNewInvolvedObject()
          .withKind("Pod").withApiVersion("v1").withNamespace(namespace).withName(pod.getMetadata().getName())
          .withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(event.type())
        .withReason(event.name())
        .withAction(event.action())
        .withMessage(message)
        .withNewSource().withComponent(component).endSource()
        .withReportingComponent(component)
        .withReportingInstance(instance)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
    if (related != null) {
      e.setRelated(new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder().withKind("Pod").withApiVersion("v1")
          .withNamespace(related.getMetadata().getNamespace()).withName(related.getMetadata().getName())
          .withUid(related.getMetadata().getUid()).build());
    }
    try {
      return client.v1().events().inNamespace(namespace).resource(e).create();
    } catch (KubernetesClientException ex) {
      LOG.warn("could not record event {} for pod {}/{}: {}", event, namespace, pod.getMetadata().getName(), ex.getMessage());
      return null;
    }
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static String timestamp(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
