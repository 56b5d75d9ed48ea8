package io.skiff.kubelet.pod;

import java.util.List;
import java.util.Objects;

/**
 * What one sync must do to a pod, as the kubelet's {@code computePodActions} decides it; executed in a fixed order:
 * kill (the whole pod, or single containers), create the sandbox, start init containers, start app containers.
 *
 * @param killPod        stop every container and the sandbox
 * @param createSandbox  create a new sandbox (after killing the old one)
 * @param sandboxAttempt the attempt of the sandbox to create
 * @param initialized    whether the init containers are done (app containers may run)
 * @param start          containers to start, init containers first, then app containers in spec order
 * @param kill           single containers to stop (when the pod is not killed as a whole)
 */
public record PodActions(boolean killPod, boolean createSandbox, int sandboxAttempt, boolean initialized, List<Start> start, List<Kill> kill) {

  public PodActions {
    start = List.copyOf(start);
    kill = List.copyOf(kill);
  }

  /** Start a new instance of a container. */
  public record Start(ContainerKind kind, String name, int attempt) {
    public Start {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
    }
  }

  /** Stop one running container, with the message of the Killing event and why (which decides its grace period). */
  public record Kill(String name, String containerId, String message, KillReason reason) {
    public Kill {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(reason, "reason");
    }

    public Kill(String name, String containerId, String message) {
      this(name, containerId, message, KillReason.OTHER);
    }
  }

  /** Nothing to do. */
  public boolean idle() {
    return !killPod && !createSandbox && start.isEmpty() && kill.isEmpty();
  }
}
