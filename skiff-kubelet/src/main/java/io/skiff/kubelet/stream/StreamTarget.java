package io.skiff.kubelet.stream;

/** What a streaming request resolved to, or why it cannot be served (with the HTTP status the API server maps). */
public sealed interface StreamTarget {

  /** A running container of the pod, with its spec (attach follows its {@code tty}, {@code stdin} and {@code stdinOnce}). */
  record Container(io.skiff.runtime.ContainerId id, io.fabric8.kubernetes.api.model.Container spec) implements StreamTarget {}

  /** The pod's running sandbox (its network namespace). */
  record Sandbox(io.skiff.runtime.SandboxId id, String podName, String podUid) implements StreamTarget {}

  /** The request cannot be served: {@code status} 404 (no such pod) or 400, with Kubernetes' message. */
  record Refused(int status, String message) implements StreamTarget {}
}
