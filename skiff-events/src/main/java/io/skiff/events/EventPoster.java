package io.skiff.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts one event, synchronously, as Kubernetes' legacy recorder writes to its sink. The first occurrence creates an
 * Event named {@code <object>.<hex nanoseconds>} with count 1 and first = last timestamp; a repeat (same
 * {@link CorrelationKey}) is a merge patch of {@code count} and {@code lastTimestamp} on the first, which kubectl shows
 * as {@code (x3 over 40s)}. When that Event is gone (404), the repeat creates a new one. Names stay unique within one
 * poster even when the clock stands still. Thread-safe; throws the client's exception when the API server refuses.
 */
final class EventPoster {
  /** How many events are remembered for counting repeats, as Kubernetes' recorder keeps. */
  static final int REMEMBERED = 4096;

  private final KubernetesClient client;
  private final InstantSource clock;
  private final RecentEvents recent = new RecentEvents(REMEMBERED);
  private final AtomicLong lastNanos = new AtomicLong();

  EventPoster(KubernetesClient client, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  void post(ObjectEvent event) {
    Instant now = clock.instant();
    CorrelationKey key = CorrelationKey.of(event);
    RecentEvents.Posted before = recent.find(key);
    if (before != null) {
      if (increment(before, now)) {
        recent.remember(key, new RecentEvents.Posted(before.namespace(), before.name(), before.count() + 1));
        return;
      }
      recent.forget(key);
    }
    Event created = create(event, now);
    recent.remember(key, new RecentEvents.Posted(created.getMetadata().getNamespace(), created.getMetadata().getName(), 1));
  }

  /** Counts a repeat on the posted event; false when that event is gone. */
  private boolean increment(RecentEvents.Posted before, Instant now) {
    Event target = new EventBuilder().withNewMetadata().withNamespace(before.namespace()).withName(before.name()).endMetadata().build();
    String patch = client.getKubernetesSerialization().asJson(Map.of("count", before.count() + 1, "lastTimestamp", timestamp(now)));
    try {
      client.v1().events().inNamespace(before.namespace()).resource(target).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private Event create(ObjectEvent e, Instant now) {
    String namespace = e.eventNamespace();
    String stamp = timestamp(now);
    Event event = new EventBuilder()
        .withNewMetadata().withNamespace(namespace).withName(e.involved().getName() + "." + Long.toHexString(uniqueNanos(now))).endMetadata()
        .withInvolvedObject(e.involved())
        .withRelated(e.related())
        .withType(e.type())
        .withReason(e.reason())
        .withAction(e.action())
        .withMessage(e.message())
        .withNewSource().withComponent(e.source().component()).withHost(e.source().host()).endSource()
        .withReportingComponent(e.source().component())
        .withReportingInstance(e.source().reportingInstance())
        .withFirstTimestamp(stamp).withLastTimestamp(stamp).withCount(1)
        .build();
    Event created = client.v1().events().inNamespace(namespace).resource(event).create();
    return created != null && created.getMetadata() != null && created.getMetadata().getName() != null ? created : event;
  }

  /** The clock's nanoseconds, or one more than the last name used when the clock has not moved past it. */
  private long uniqueNanos(Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return lastNanos.accumulateAndGet(nanos, (last, t) -> Math.max(last + 1, t));
  }

  /** A {@code metav1.Time}: RFC 3339 in UTC, whole seconds. */
  static String timestamp(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
