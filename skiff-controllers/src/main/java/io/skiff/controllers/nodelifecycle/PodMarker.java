package io.skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.skiff.events.EventPublisher;
import io.skiff.events.ObjectEvent;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Kubernetes' {@code MarkPodsNotReady}: every pod bound to a node whose kubelet went silent gets its Ready condition
 * set to False (through the status subresource, on the version read) and a {@code Warning NodeNotReady} event "Node
 * is not ready". The pods are listed from the API by {@code spec.nodeName} when needed, rather than cached.
 */
final class PodMarker {
  static final String EVENT_REASON = "NodeNotReady";
  static final String EVENT_MESSAGE = "Node is not ready";

  private final KubernetesClient client;
  private final EventPublisher events;
  private final InstantSource clock;

  PodMarker(KubernetesClient client, EventPublisher events, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Marks the node's pods; answers false when a write failed (the caller retries on its next pass). */
  boolean markNotReady(String nodeName) {
    boolean ok = true;
    for (Pod pod : client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems()) {
      PodCondition ready = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
          : pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
      if (ready == null || "False".equals(ready.getStatus())) {
        continue;
      }
      Pod updated = new PodBuilder(pod).editStatus().editMatchingCondition(c -> "Ready".equals(c.getType()))
          .withStatus("False").withLastTransitionTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()).endCondition()
          .endStatus().build();
      try {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          continue;
        }
        ok = false;
        continue;
      }
      events.record(ObjectEvent.of(NodeLifecycleController.SOURCE, new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
          .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build(),
          "Warning", EVENT_REASON, EVENT_MESSAGE));
    }
    return ok;
  }
}
