package io.skiff.kubelet.logs;

import java.util.Objects;

/** The outcome of looking a container's log up. */
public sealed interface LogLookup {

  /** Found. */
  record Found(LogTarget target) implements LogLookup {
    public Found {
      Objects.requireNonNull(target, "target");
    }
  }

  /** No such pod on this node (HTTP 404). */
  record PodNotFound(String message) implements LogLookup {}

  /** The container has no log to show (not in the pod, waiting to start, no previous instance): HTTP 400 with the kubelet's message. */
  record Unavailable(String message) implements LogLookup {}
}
