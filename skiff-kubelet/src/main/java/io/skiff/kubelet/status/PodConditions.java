package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.skiff.kubelet.pod.ContainerKind;
import io.skiff.kubelet.pod.SpecContainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pod conditions the kubelet owns, generated every sync in Kubernetes' order (PodReadyToStartContainers,
 * Initialized, Ready, ContainersReady, PodScheduled), after the conditions other components own, which are kept.
 * A condition keeps its {@code lastTransitionTime} while its status does not change.
 */
public final class PodConditions {
  public static final String POD_READY_TO_START_CONTAINERS = "PodReadyToStartContainers";
  public static final String INITIALIZED = "Initialized";
  public static final String READY = "Ready";
  public static final String CONTAINERS_READY = "ContainersReady";
  public static final String POD_SCHEDULED = "PodScheduled";
  private static final Set<String> KUBELET_OWNED = Set.of(POD_READY_TO_START_CONTAINERS, INITIALIZED, READY, CONTAINERS_READY, POD_SCHEDULED);

  private PodConditions() {}

  public static List<PodCondition> generate(Pod pod, List<ContainerStatus> initStatuses, List<ContainerStatus> appStatuses, String phase,
      boolean sandboxReady, Instant now) {
    List<PodCondition> old = pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    List<PodCondition> out = new ArrayList<>();
    for (PodCondition c : old) {
      if (!KUBELET_OWNED.contains(c.getType())) {
        out.add(c);
      }
    }
    out.add(condition(POD_READY_TO_START_CONTAINERS, sandboxReady, null, null));
    out.add(initialized(pod, initStatuses, appStatuses, phase));
    PodCondition containersReady = containersReady(pod, initStatuses, appStatuses, phase);
    out.add(ready(pod, containersReady, old));
    out.add(containersReady);
    out.add(condition(POD_SCHEDULED, true, null, null));
    for (PodCondition c : out) {
      if (KUBELET_OWNED.contains(c.getType())) {
        Optional<PodCondition> before = old.stream().filter(o -> o.getType().equals(c.getType())).findFirst();
        c.setLastTransitionTime(before.filter(o -> c.getStatus().equals(o.getStatus()) && o.getLastTransitionTime() != null)
            .map(PodCondition::getLastTransitionTime).orElse(Timestamps.time(now)));
      }
    }
    return out;
  }

  static PodCondition initialized(Pod pod, List<ContainerStatus> initStatuses, List<ContainerStatus> appStatuses, String phase) {
    List<SpecContainer> inits = SpecContainer.inits(pod);
    Map<String, ContainerStatus> byName = byName(initStatuses);
    List<String> unknown = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (SpecContainer c : inits) {
      ContainerStatus s = byName.get(c.name());
      if (s == null) {
        unknown.add(c.name());
      } else if (c.kind() == ContainerKind.SIDECAR) {
        if (!Boolean.TRUE.equals(s.getStarted())) {
          incomplete.add(c.name());
        }
      } else if (s.getState().getTerminated() == null || s.getState().getTerminated().getExitCode() != 0) {
        incomplete.add(c.name());
      }
    }
    if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition(INITIALIZED, true, "PodCompleted", null);
    }
    boolean anyAppStarted = appStatuses.stream().anyMatch(s -> s.getState().getRunning() != null || s.getState().getTerminated() != null
        || (s.getLastState() != null && s.getLastState().getTerminated() != null));
    if (anyAppStarted) {
      return condition(INITIALIZED, true, null, null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!incomplete.isEmpty()) {
      messages.add("containers with incomplete status: " + goList(incomplete));
    }
    if (messages.isEmpty()) {
      return condition(INITIALIZED, true, null, null);
    }
    return condition(INITIALIZED, false, "ContainersNotInitialized", String.join(", ", messages));
  }

  static PodCondition containersReady(Pod pod, List<ContainerStatus> initStatuses, List<ContainerStatus> appStatuses, String phase) {
    Map<String, ContainerStatus> inits = byName(initStatuses);
    Map<String, ContainerStatus> apps = byName(appStatuses);
    List<String> unknown = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    for (SpecContainer c : SpecContainer.inits(pod)) {
      if (c.kind() != ContainerKind.SIDECAR) {
        continue;
      }
      ContainerStatus s = inits.get(c.name());
      if (s == null) {
        unknown.add(c.name());
      } else if (!Boolean.TRUE.equals(s.getReady())) {
        unready.add(c.name());
      }
    }
    for (SpecContainer c : SpecContainer.apps(pod)) {
      ContainerStatus s = apps.get(c.name());
      if (s == null) {
        unknown.add(c.name());
      } else if (!Boolean.TRUE.equals(s.getReady())) {
        unready.add(c.name());
      }
    }
    if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition(CONTAINERS_READY, false, "PodCompleted", null);
    }
    if (PodPhases.FAILED.equals(phase)) {
      return condition(CONTAINERS_READY, false, "PodFailed", null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!unready.isEmpty()) {
      messages.add("containers with unready status: " + goList(unready));
    }
    if (messages.isEmpty()) {
      return condition(CONTAINERS_READY, true, null, null);
    }
    return condition(CONTAINERS_READY, false, "ContainersNotReady", String.join(", ", messages));
  }

  static PodCondition ready(Pod pod, PodCondition containersReady, List<PodCondition> old) {
    if (!"True".equals(containersReady.getStatus())) {
      return condition(READY, false, containersReady.getReason(), containersReady.getMessage());
    }
    List<PodReadinessGate> gates = pod.getSpec().getReadinessGates() == null ? List.of() : pod.getSpec().getReadinessGates();
    List<String> messages = new ArrayList<>();
    for (PodReadinessGate g : gates) {
      Optional<PodCondition> c = old.stream().filter(o -> o.getType().equals(g.getConditionType())).findFirst();
      if (c.isEmpty()) {
        messages.add("corresponding condition of pod readiness gate \"" + g.getConditionType() + "\" does not exist.");
      } else if (!"True".equals(c.get().getStatus())) {
        messages.add("the status of pod readiness gate \"" + g.getConditionType() + "\" is not \"True\", but " + c.get().getStatus());
      }
    }
    if (!messages.isEmpty()) {
      return condition(READY, false, "ReadinessGatesNotReady", String.join(", ", messages));
    }
    return condition(READY, true, null, null);
  }

  /** Go's {@code %s} of a string slice: {@code [a b c]}. */
  static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  private static PodCondition condition(String type, boolean status, String reason, String message) {
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(status ? "True" : "False");
    c.setReason(reason);
    c.setMessage(message);
    return c;
  }

  private static Map<String, ContainerStatus> byName(List<ContainerStatus> statuses) {
    return statuses.stream().collect(Collectors.toMap(ContainerStatus::getName, Function.identity(), (a, b) -> a));
  }
}
