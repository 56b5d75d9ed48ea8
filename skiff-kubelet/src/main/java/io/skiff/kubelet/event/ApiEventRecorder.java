package io.skiff.kubelet.event;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.events.EventPublisher;
import io.skiff.events.EventSource;
import io.skiff.events.ObjectEvent;
import io.skiff.events.QueueSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A node's pod events as core/v1 Events, with source and reportingComponent {@code kubelet} and the node as host and
 * reporting instance, recorded through the shared {@link EventPublisher} (which names them, counts repeats and never
 * blocks the caller). A real node has a queue of its own, posted in order by one virtual thread and drained for a few
 * seconds at close; hollow nodes record through {@link #onShared} on one publisher for them all.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {
  /** A node's own queue: one worker keeps its events in order; close posts what is queued for at most 5 s. */
  private static final QueueSettings NODE_QUEUE = QueueSettings.ordered("skiff-kubelet-events", 4096, Duration.ofSeconds(5));

  private final EventPublisher publisher;
  private final EventSource source;

  /** A recorder with the node's own queue, closed with it. */
  public ApiEventRecorder(KubernetesClient client, String nodeName, InstantSource clock) {
    this(new EventPublisher(client, clock, NODE_QUEUE), nodeName);
  }

  private ApiEventRecorder(EventPublisher publisher, String nodeName) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.source = new EventSource("kubelet", Objects.requireNonNull(nodeName, "nodeName"), nodeName);
  }

  /** Records {@code nodeName}'s events on a publisher shared by many nodes; its owner closes it. */
  public static EventRecorder onShared(EventPublisher publisher, String nodeName) {
    return new ApiEventRecorder(publisher, nodeName)::record;
  }

  @Override
  public void record(PodEvent e) {
    var pod = new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace(e.namespace()).withName(e.podName())
        .withUid(e.podUid()).withFieldPath(e.fieldPath().isEmpty() ? null : e.fieldPath()).build();
    publisher.record(ObjectEvent.of(source, pod, e.type().name(), e.reason(), e.message()));
  }

  /** Posts what is queued (at most a few seconds), then stops. */
  @Override
  public void close() {
    publisher.close();
  }
}
