package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code kubectl get pods} as Kubernetes' {@code printPod} computes it: READY counts, the STATUS reason
 * (phase, init progress, the first container's waiting or terminated reason, Terminating, ...), RESTARTS with the
 * age of the newest restart, AGE, and the wide columns.
 */
final class PodPrinter {

  /** The cells of one pod row, wide columns included. */
  record Row(String name, String ready, String status, String restarts, String age, String ip, String node, String nominatedNode,
      String readinessGates) {

    List<Object> cells() {
      return List.of(name, ready, status, restarts, age, ip, node, nominatedNode, readinessGates);
    }
  }

  private static final String NONE = "<none>";

  private PodPrinter() {}

  static Row row(Pod pod, Instant now) {
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String phase = ObjectMetaValidation.nz(status.getPhase());
    String reason = PodDefaults.empty(status.getReason()) ? phase : status.getReason();
    for (PodCondition c : PodDefaults.nonNull(status.getConditions())) {
      if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
        reason = "SchedulingGated";
      }
    }

    Map<String, Container> initSpecs = new HashMap<>();
    int total = PodDefaults.nonNull(spec.getContainers()).size();
    for (Container c : PodDefaults.nonNull(spec.getInitContainers())) {
      initSpecs.put(ObjectMetaValidation.nz(c.getName()), c);
      if (sidecar(c)) {
        total++;
      }
    }
    int ready = 0;
    int restarts = 0;
    int sidecarRestarts = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;
    boolean initializing = false;
    List<ContainerStatus> initStatuses = PodDefaults.nonNull(status.getInitContainerStatuses());
    for (int i = 0; i < initStatuses.size(); i++) {
      ContainerStatus cs = initStatuses.get(i);
      ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
      boolean isSidecar = sidecar(initSpecs.get(ObjectMetaValidation.nz(cs.getName())));
      restarts += count(cs.getRestartCount());
      Instant finished = lastFinished(cs);
      lastRestart = later(lastRestart, finished);
      if (isSidecar) {
        sidecarRestarts += count(cs.getRestartCount());
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      ContainerStateTerminated terminated = state.getTerminated();
      if (terminated != null && exitCode(terminated) == 0) {
        continue;
      }
      if (isSidecar && Boolean.TRUE.equals(cs.getStarted())) {
        if (Boolean.TRUE.equals(cs.getReady())) {
          ready++;
        }
        continue;
      }
      if (terminated != null) {
        reason = PodDefaults.empty(terminated.getReason()) ? "Init:" + signalOrExitCode(terminated) : "Init:" + terminated.getReason();
      } else if (state.getWaiting() != null && !PodDefaults.empty(state.getWaiting().getReason())
          && !state.getWaiting().getReason().equals("PodInitializing")) {
        reason = "Init:" + state.getWaiting().getReason();
      } else {
        reason = "Init:" + i + "/" + PodDefaults.nonNull(spec.getInitContainers()).size();
      }
      initializing = true;
      break;
    }

    if (!initializing || conditionTrue(status, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      List<ContainerStatus> statuses = PodDefaults.nonNull(status.getContainerStatuses());
      for (int i = statuses.size() - 1; i >= 0; i--) {
        ContainerStatus cs = statuses.get(i);
        ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
        restarts += count(cs.getRestartCount());
        lastRestart = later(lastRestart, lastFinished(cs));
        if (state.getWaiting() != null && !PodDefaults.empty(state.getWaiting().getReason())) {
          reason = state.getWaiting().getReason();
        } else if (state.getTerminated() != null && !PodDefaults.empty(state.getTerminated().getReason())) {
          reason = state.getTerminated().getReason();
        } else if (state.getTerminated() != null) {
          reason = signalOrExitCode(state.getTerminated());
        } else if (Boolean.TRUE.equals(cs.getReady()) && state.getRunning() != null) {
          hasRunning = true;
          ready++;
        }
      }
      if (reason.equals("Completed") && hasRunning) {
        reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
      }
    }

    boolean deleting = pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
    if (deleting && "NodeLost".equals(status.getReason())) {
      reason = "Unknown";
    } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }

    String restartText = Integer.toString(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartText = restarts + " (" + HumanDuration.since(lastRestart, now) + " ago)";
    }
    String name = pod.getMetadata() == null ? "" : ObjectMetaValidation.nz(pod.getMetadata().getName());
    String age = HumanDuration.since(pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp(), now);
    String ip = status.getPodIPs() == null || status.getPodIPs().isEmpty() || PodDefaults.empty(status.getPodIPs().get(0).getIp())
        ? NONE : status.getPodIPs().get(0).getIp();
    String node = PodDefaults.empty(spec.getNodeName()) ? NONE : spec.getNodeName();
    String nominated = PodDefaults.empty(status.getNominatedNodeName()) ? NONE : status.getNominatedNodeName();
    return new Row(name, ready + "/" + total, reason, restartText, age, ip, node, nominated, readinessGates(spec, status));
  }

  private static String readinessGates(PodSpec spec, PodStatus status) {
    List<PodReadinessGate> gates = PodDefaults.nonNull(spec.getReadinessGates());
    if (gates.isEmpty()) {
      return NONE;
    }
    int trueConditions = 0;
    for (PodReadinessGate gate : gates) {
      for (PodCondition c : PodDefaults.nonNull(status.getConditions())) {
        if (ObjectMetaValidation.nz(c.getType()).equals(gate.getConditionType())) {
          if ("True".equals(c.getStatus())) {
            trueConditions++;
          }
          break;
        }
      }
    }
    return trueConditions + "/" + gates.size();
  }

  static boolean sidecar(Container c) {
    return c != null && "Always".equals(c.getRestartPolicy());
  }

  private static boolean conditionTrue(PodStatus status, String type) {
    return PodDefaults.nonNull(status.getConditions()).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String signalOrExitCode(ContainerStateTerminated t) {
    int signal = t.getSignal() == null ? 0 : t.getSignal();
    return signal != 0 ? "Signal:" + signal : "ExitCode:" + exitCode(t);
  }

  private static int exitCode(ContainerStateTerminated t) {
    return t.getExitCode() == null ? 0 : t.getExitCode();
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }

  private static Instant lastFinished(ContainerStatus cs) {
    if (cs.getLastState() == null || cs.getLastState().getTerminated() == null) {
      return null;
    }
    return HumanDuration.parse(cs.getLastState().getTerminated().getFinishedAt());
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }
}
