package io.skiff.kubelet.logs;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.status.StatusManager;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerRuntime;
import io.skiff.runtime.ContainerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The kubelet's {@code validateContainerLogStatus}: the container's status decides which instance's log is shown
 * (the running or terminated one; one waiting to be restarted shows the instance that ended last; with
 * {@code previous} the one in {@code lastState}); a container that never ran has none, with the kubelet's messages.
 * The runtime gives the instance's log file. Following a log ends when its instance is no longer running: as in
 * Kubernetes, {@code kubectl logs -f} does not go on into the next instance after a restart.
 */
public final class RuntimeContainerLogs implements ContainerLogs {
  private final BiFunction<String, String, Optional<Pod>> pods;
  private final StatusManager status;
  private final ContainerRuntime runtime;

  public RuntimeContainerLogs(BiFunction<String, String, Optional<Pod>> pods, StatusManager status, ContainerRuntime runtime) {
    this.pods = Objects.requireNonNull(pods, "pods");
    this.status = Objects.requireNonNull(status, "status");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  @Override
  public LogLookup find(String namespace, String podName, String container, boolean previous) {
    Optional<Pod> found = pods.apply(namespace, podName);
    if (found.isEmpty()) {
      return new LogLookup.PodNotFound("pods \"" + podName + "\" not found");
    }
    Pod pod = found.get();
    PodStatus ps = status.find(pod.getMetadata().getUid()).orElse(pod.getStatus());
    List<ContainerStatus> all = new ArrayList<>();
    if (ps != null && ps.getInitContainerStatuses() != null) {
      all.addAll(ps.getInitContainerStatuses());
    }
    if (ps != null && ps.getContainerStatuses() != null) {
      all.addAll(ps.getContainerStatuses());
    }
    Optional<ContainerStatus> cs = all.stream().filter(s -> container.equals(s.getName())).findFirst();
    String quoted = "\"" + container + "\" in pod \"" + podName + "\"";
    if (cs.isEmpty()) {
      return new LogLookup.Unavailable("container " + quoted + " is not available");
    }
    ContainerStatus s = cs.get();
    String containerId;
    if (previous) {
      if (s.getLastState() == null || s.getLastState().getTerminated() == null || empty(s.getLastState().getTerminated().getContainerID())) {
        return new LogLookup.Unavailable("previous terminated container " + quoted + " not found");
      }
      containerId = s.getLastState().getTerminated().getContainerID();
    } else {
      var state = s.getState();
      var lastTerminated = s.getLastState() == null ? null : s.getLastState().getTerminated();
      if (state != null && state.getRunning() != null) {
        containerId = s.getContainerID();
      } else if (state != null && state.getTerminated() != null) {
        containerId = state.getTerminated().getContainerID();
        if (empty(containerId)) {
          if (lastTerminated == null || empty(lastTerminated.getContainerID())) {
            return new LogLookup.Unavailable("container " + quoted + " is terminated");
          }
          containerId = lastTerminated.getContainerID();
        }
      } else if (lastTerminated != null) {
        // Waiting to be restarted (CrashLoopBackOff, a failed postStart hook): the instance that ended last.
        if (empty(lastTerminated.getContainerID())) {
          return new LogLookup.Unavailable("container " + quoted + " is terminated");
        }
        containerId = lastTerminated.getContainerID();
      } else if (state != null && state.getWaiting() != null) {
        String reason = state.getWaiting().getReason();
        return new LogLookup.Unavailable(switch (reason == null ? "" : reason) {
          case "ErrImagePull" -> "container " + quoted + " is waiting to start: image can't be pulled";
          case "ImagePullBackOff" -> "container " + quoted + " is waiting to start: trying and failing to pull image";
          default -> "container " + quoted + " is waiting to start: " + reason;
        });
      } else {
        return new LogLookup.Unavailable("container " + quoted + " is waiting to start - no logs yet");
      }
    }
    if (empty(containerId)) {
      return new LogLookup.Unavailable("container " + quoted + " has no container id yet");
    }
    ContainerId id = new ContainerId(containerId.substring(containerId.indexOf("://") + 3));
    io.skiff.runtime.ContainerStatus rs;
    try {
      rs = runtime.containerStatus(id);
    } catch (SkiffException.NotFound e) {
      return new LogLookup.Unavailable("container " + quoted + " is gone from the node: " + e.getMessage());
    }
    if (rs.logPath() == null) {
      return new LogLookup.Unavailable("container " + quoted + " has no log file");
    }
    return new LogLookup.Found(new LogTarget(rs.logPath(), () -> isRunning(id)));
  }

  private boolean isRunning(ContainerId id) {
    try {
      return runtime.containerStatus(id).state() == ContainerState.RUNNING;
    } catch (SkiffException.NotFound e) {
      return false;
    }
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
