package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.pod.ContainerKind;
import io.skiff.kubelet.pod.ObservedContainer;
import io.skiff.kubelet.pod.ObservedPod;
import io.skiff.kubelet.pod.RestartPolicy;
import io.skiff.kubelet.pod.SpecContainer;
import io.skiff.kubelet.prober.ContainerHealth;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet's {@code convertToAPIContainerStatuses}: one API status per spec container from its newest instance
 * (state, restart count, image, ids) and the one before it ({@code lastState}); a container that should run but
 * could not be started shows the start failure as {@code waiting}, its last termination moved to {@code lastState}.
 * A running container is {@code started} once its startup probe passed (at once without one) and {@code ready} once
 * started and its readiness probe passed (at once without one), as the kubelet's prober manager sets them.
 */
public final class ContainerStatuses {
  public static final String CONTAINER_CREATING = "ContainerCreating";
  public static final String POD_INITIALIZING = "PodInitializing";

  private ContainerStatuses() {}

  /**
   * @param runtimeName the prefix of container ids, e.g. {@code runc} for {@code runc://<id>}
   * @param failures    the start failures of the last syncs, by container name
   */
  public static ContainerStatus of(Pod pod, SpecContainer c, ObservedPod observed, Map<String, Waiting> failures, String runtimeName) {
    return of(pod, c, observed, failures, runtimeName, ContainerHealth.NONE);
  }

  /** @param health what the probes say of running containers */
  public static ContainerStatus of(Pod pod, SpecContainer c, ObservedPod observed, Map<String, Waiting> failures, String runtimeName,
      ContainerHealth health) {
    boolean hasInits = pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty();
    ContainerStatus s = new ContainerStatus();
    s.setName(c.name());
    s.setImage(c.spec().getImage());
    s.setImageID("");
    s.setRestartCount(0);
    s.setReady(false);
    s.setStarted(false);
    s.setLastState(new ContainerState());
    Optional<ObservedContainer> latest = observed.latest(c.name());
    if (latest.isEmpty()) {
      s.setState(waiting(hasInits ? POD_INITIALIZING : CONTAINER_CREATING, null));
    } else {
      ObservedContainer l = latest.get();
      s.setRestartCount(l.attempt());
      s.setContainerID(runtimeName + "://" + l.id());
      if (!l.image().isEmpty()) {
        s.setImage(l.image());
      }
      s.setImageID(l.imageId());
      switch (l.state()) {
        case RUNNING -> {
          s.setState(running(l));
          boolean started = health.started(pod.getMetadata().getUid(), c.name(), l.id());
          s.setStarted(started);
          s.setReady(c.kind() != ContainerKind.INIT && started && health.ready(pod.getMetadata().getUid(), c.name(), l.id()));
        }
        case EXITED -> {
          s.setState(terminatedState(l, runtimeName));
          s.setReady(c.kind() == ContainerKind.INIT && l.exitCode() == 0);
        }
        case CREATED -> s.setState(waiting(CONTAINER_CREATING, null));
        case UNKNOWN -> s.setState(waiting(null, null));
      }
      observed.previous(c.name()).filter(ObservedContainer::exited)
          .ifPresent(p -> s.setLastState(terminatedState(p, runtimeName)));
    }
    Waiting failure = failures.get(c.name());
    if (failure != null && shouldBeRestarted(pod, c, latest)) {
      if (s.getState().getTerminated() != null) {
        s.setLastState(s.getState());
      }
      s.setState(waiting(failure.reason(), failure.message()));
      s.setReady(false);
      s.setStarted(false);
    }
    return s;
  }

  /** {@code ShouldContainerBeRestarted}, with sidecars restarted whatever the pod's policy and finished init containers never. */
  static boolean shouldBeRestarted(Pod pod, SpecContainer c, Optional<ObservedContainer> latest) {
    if (latest.isEmpty()) {
      return true;
    }
    ObservedContainer l = latest.get();
    return switch (l.state()) {
      case RUNNING -> false;
      case CREATED, UNKNOWN -> true;
      case EXITED -> switch (c.kind()) {
        case SIDECAR -> true;
        case INIT -> l.exitCode() != 0 && RestartPolicy.of(pod).restartsOnFailure();
        case APP -> RestartPolicy.of(pod).restarts(l);
      };
    };
  }

  private static ContainerState waiting(String reason, String message) {
    ContainerStateWaiting w = new ContainerStateWaiting();
    w.setReason(reason);
    if (message != null && !message.isEmpty()) {
      w.setMessage(message);
    }
    ContainerState state = new ContainerState();
    state.setWaiting(w);
    return state;
  }

  private static ContainerState running(ObservedContainer c) {
    ContainerStateRunning r = new ContainerStateRunning();
    r.setStartedAt(Timestamps.time(c.startedAt()));
    ContainerState state = new ContainerState();
    state.setRunning(r);
    return state;
  }

  private static ContainerState terminatedState(ObservedContainer c, String runtimeName) {
    ContainerState state = new ContainerState();
    state.setTerminated(terminated(c, runtimeName));
    return state;
  }

  private static ContainerStateTerminated terminated(ObservedContainer c, String runtimeName) {
    ContainerStateTerminated t = new ContainerStateTerminated();
    t.setExitCode(c.exitCode());
    t.setReason(c.reason().isEmpty() ? (c.exitCode() == 0 ? "Completed" : "Error") : c.reason());
    if (!c.message().isEmpty()) {
      t.setMessage(c.message());
    }
    t.setStartedAt(Timestamps.time(c.startedAt()));
    t.setFinishedAt(Timestamps.time(c.finishedAt()));
    t.setContainerID(runtimeName + "://" + c.id());
    return t;
  }
}
