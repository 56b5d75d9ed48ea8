package io.skiff.kubelet.pleg;

import java.util.Objects;

/** A change the runtime saw in a pod; each carries the pod's uid. */
public sealed interface PodLifecycleEvent {
  String podUid();

  /** A container started running. */
  record ContainerStarted(String podUid, String containerId) implements PodLifecycleEvent {
    public ContainerStarted {
      Objects.requireNonNull(podUid, "podUid");
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** A container exited (or its state became unknown). */
  record ContainerDied(String podUid, String containerId) implements PodLifecycleEvent {
    public ContainerDied {
      Objects.requireNonNull(podUid, "podUid");
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** A container was removed. */
  record ContainerRemoved(String podUid, String containerId) implements PodLifecycleEvent {
    public ContainerRemoved {
      Objects.requireNonNull(podUid, "podUid");
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** Something else changed (a sandbox), or the relist could not tell what: sync the pod. */
  record PodResync(String podUid) implements PodLifecycleEvent {
    public PodResync {
      Objects.requireNonNull(podUid, "podUid");
    }
  }
}
