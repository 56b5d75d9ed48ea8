package io.skiff.kubelet.event;

import java.util.Objects;

/**
 * An event about a pod or one of its containers.
 *
 * @param namespace the pod's namespace
 * @param podName   the pod's name
 * @param podUid    the pod's uid
 * @param fieldPath {@code spec.containers{c}} / {@code spec.initContainers{c}}, or empty for the pod itself
 * @param type      Normal or Warning
 * @param reason    the reason word ({@code Pulling}, {@code Started}, …)
 * @param message   the message in Kubernetes' wording
 */
public record PodEvent(String namespace, String podName, String podUid, String fieldPath, EventType type, String reason, String message) {
  public PodEvent {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(podName, "podName");
    Objects.requireNonNull(podUid, "podUid");
    fieldPath = fieldPath == null ? "" : fieldPath;
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
