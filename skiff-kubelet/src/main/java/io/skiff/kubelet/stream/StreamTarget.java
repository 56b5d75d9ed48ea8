package io.skiff.kubelet.stream;

/** What a streaming request resolved to, or why it cannot be served (with the HTTP status the API server maps). */
public sealed interface StreamTarget {

  /** A running container of the pod. */
  record Container(io.skiff.runtime.ContainerId id) implements StreamTarget {}

  /** The pod's running sandbox (its network namespace). */
  record Sandbox(io.skiff.runtime.SandboxId id, String podName, String podUid) implements StreamTarget {}

  /** The request cannot be served: {@code status} 404 (no such pod) or 400, with Kubernetes' message. */
  record Refused(int status, String message) implements StreamTarget {}
}
