package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.pod.ContainerKind;
import io.skiff.kubelet.pod.RestartPolicy;
import io.skiff.kubelet.pod.SpecContainer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kubelet's {@code getPhase}: the pod's phase from its API container statuses, first matching rule wins. */
public final class PodPhases {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  private PodPhases() {}

  /**
   * @param terminal whether the pod is being stopped for good (deleted, or finished): then a pod whose containers all
   *                 stopped is Succeeded when all exited 0 and Failed otherwise, whatever its restart policy
   */
  public static String phase(Pod pod, List<ContainerStatus> initStatuses, List<ContainerStatus> appStatuses, boolean terminal) {
    Map<String, ContainerStatus> inits = byName(initStatuses);
    Map<String, ContainerStatus> apps = byName(appStatuses);
    RestartPolicy policy = RestartPolicy.of(pod);
    int pendingInit = 0;
    int failedInit = 0;
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    int unknown = 0;
    for (SpecContainer c : SpecContainer.inits(pod)) {
      ContainerStatus s = inits.get(c.name());
      if (c.kind() == ContainerKind.SIDECAR) {
        if (s == null) {
          unknown++;
        } else if (s.getState().getRunning() != null) {
          running++;
          if (!Boolean.TRUE.equals(s.getStarted())) {
            pendingInit++;
          }
        } else if (s.getState().getWaiting() != null && lastTerminated(s) == null) {
          pendingInit++;
          waiting++;
        }
        continue;
      }
      if (s == null || s.getState().getRunning() != null) {
        pendingInit++;
      } else if (s.getState().getTerminated() != null) {
        if (s.getState().getTerminated().getExitCode() != 0) {
          failedInit++;
        }
      } else if (s.getState().getWaiting() != null) {
        if (lastTerminated(s) != null) {
          if (lastTerminated(s).getExitCode() != 0) {
            failedInit++;
          }
        } else {
          pendingInit++;
        }
      } else {
        pendingInit++;
      }
    }
    boolean appStartedOrDone = false;
    for (SpecContainer c : SpecContainer.apps(pod)) {
      ContainerStatus s = apps.get(c.name());
      if (s == null) {
        unknown++;
      } else if (s.getState().getRunning() != null) {
        running++;
        appStartedOrDone = true;
      } else if (s.getState().getTerminated() != null) {
        stopped++;
        appStartedOrDone = true;
        if (s.getState().getTerminated().getExitCode() == 0) {
          succeeded++;
        }
      } else if (s.getState().getWaiting() != null) {
        if (lastTerminated(s) != null) {
          stopped++;
        } else {
          waiting++;
        }
      } else {
        unknown++;
      }
    }
    if (failedInit > 0 && policy == RestartPolicy.Never) {
      return FAILED;
    }
    if (pendingInit > 0 && !appStartedOrDone) {
      return PENDING;
    }
    if (waiting > 0) {
      return PENDING;
    }
    if (running > 0 && unknown == 0) {
      return RUNNING;
    }
    if (running == 0 && stopped > 0 && unknown == 0) {
      if (terminal) {
        return stopped == succeeded ? SUCCEEDED : FAILED;
      }
      if (policy == RestartPolicy.Always) {
        return RUNNING;
      }
      if (stopped == succeeded) {
        return SUCCEEDED;
      }
      return policy == RestartPolicy.Never ? FAILED : RUNNING;
    }
    return PENDING;
  }

  /** Whether a phase is final: Succeeded or Failed. */
  public static boolean isTerminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  private static io.fabric8.kubernetes.api.model.ContainerStateTerminated lastTerminated(ContainerStatus s) {
    return s.getLastState() == null ? null : s.getLastState().getTerminated();
  }

  private static Map<String, ContainerStatus> byName(List<ContainerStatus> statuses) {
    return statuses.stream().collect(Collectors.toMap(ContainerStatus::getName, Function.identity(), (a, b) -> a));
  }
}
