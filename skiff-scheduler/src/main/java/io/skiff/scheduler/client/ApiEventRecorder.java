package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.events.EventPublisher;
import io.skiff.events.EventSource;
import io.skiff.events.ObjectEvent;
import io.skiff.scheduler.cycle.EventRecorder;
import io.skiff.scheduler.cycle.SchedulerEvent;
import java.util.Objects;

/**
 * The scheduler's events about pods as core/v1 Events on an {@link EventPublisher} (which names them
 * {@code <pod>.<hex nanoseconds>}, counts repeats and never blocks scheduling): the event points at the pod (kind,
 * namespace, name, uid, apiVersion, resourceVersion), names the scheduler as source and reporting component, its
 * instance as reporting instance, and carries the {@link SchedulerEvent}'s type and action. Closing it closes the
 * publisher, which posts what is queued within its grace.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {
  private final EventPublisher publisher;
  private final EventSource source;

  public ApiEventRecorder(EventPublisher publisher, String component, String instance) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.source = new EventSource(component, null, instance);
  }

  @Override
  public void record(Pod pod, SchedulerEvent event, String message) {
    record(pod, null, event, message);
  }

  /** As {@link #record(Pod, SchedulerEvent, String)}, with {@code related} (may be null) as the event's related object. */
  @Override
  public void record(Pod pod, Pod related, SchedulerEvent event, String message) {
    ObjectReference involved = reference(pod).withResourceVersion(pod.getMetadata().getResourceVersion()).build();
    publisher.record(new ObjectEvent(source, involved, related == null ? null : reference(related).build(), event.type(), event.name(),
        event.action(), message));
  }

  private static ObjectReferenceBuilder reference(Pod pod) {
    return new ObjectReferenceBuilder().withKind("Pod").withApiVersion("v1").withNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid());
  }

  @Override
  public void close() {
    publisher.close();
  }
}
