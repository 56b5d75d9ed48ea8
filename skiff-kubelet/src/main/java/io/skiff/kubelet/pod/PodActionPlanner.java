package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.prober.ContainerHealth;
import io.skiff.kubelet.prober.ProbeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet's {@code computePodActions} as a pure function of the pod spec and what the runtime has: whether the
 * sandbox must be (re)created, which init container runs next, which app containers start, what is killed (a changed
 * spec, a failed liveness or startup probe). Back-off is not decided here: the syncer checks it when it starts a
 * container, as the kubelet does.
 */
public final class PodActionPlanner {
  private PodActionPlanner() {}

  /** The plan for a pod without probes (every running container healthy). */
  public static PodActions plan(Pod pod, ObservedPod observed) {
    return plan(pod, observed, ContainerHealth.NONE);
  }

  /** The plan, with what the probes say of the running containers. */
  public static PodActions plan(Pod pod, ObservedPod observed, ContainerHealth health) {
    RestartPolicy policy = RestartPolicy.of(pod);
    Optional<ObservedSandbox> sandbox = observed.currentSandbox();
    boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    boolean usable = sandbox.isPresent() && sandbox.get().ready() && (hostNetwork || !sandbox.get().podIp().isEmpty());
    if (!usable) {
      return withoutSandbox(pod, observed, policy, sandbox.map(s -> s.attempt() + 1).orElse(0));
    }
    return withSandbox(pod, observed, policy, sandbox.get().attempt(), health);
  }

  /** No usable sandbox: a new one is needed, unless the pod has finished. */
  private static PodActions withoutSandbox(Pod pod, ObservedPod observed, RestartPolicy policy, int attempt) {
    if (!policy.restartsOnFailure() && attempt > 0 && !observed.containers().isEmpty()) {
      return new PodActions(true, false, attempt, false, List.of(), List.of());
    }
    List<SpecContainer> apps = new ArrayList<>();
    for (SpecContainer c : SpecContainer.apps(pod)) {
      boolean succeeded = observed.latest(c.name()).map(ObservedContainer::succeeded).orElse(false);
      if (policy == RestartPolicy.OnFailure && succeeded) {
        continue;
      }
      apps.add(c);
    }
    List<SpecContainer> inits = SpecContainer.inits(pod);
    if (apps.isEmpty()) {
      boolean initialized = inits.stream().filter(c -> c.kind() == ContainerKind.INIT)
          .allMatch(c -> observed.latest(c.name()).map(ObservedContainer::succeeded).orElse(false));
      if (initialized) {
        return new PodActions(true, false, attempt, true, List.of(), List.of());
      }
    }
    List<PodActions.Start> start = new ArrayList<>();
    if (!inits.isEmpty()) {
      start.add(start(inits.get(0), observed));
    } else {
      apps.forEach(c -> start.add(start(c, observed)));
    }
    return new PodActions(true, true, attempt, inits.isEmpty(), start, List.of());
  }

  private static PodActions withSandbox(Pod pod, ObservedPod observed, RestartPolicy policy, int sandboxAttempt, ContainerHealth health) {
    String uid = pod.getMetadata().getUid();
    List<SpecContainer> inits = SpecContainer.inits(pod);
    List<SpecContainer> apps = SpecContainer.apps(pod);
    boolean previouslyInitialized = inits.isEmpty()
        || apps.stream().anyMatch(a -> observed.latestInCurrentSandbox(a.name()).map(ObservedContainer::running).orElse(false));
    List<PodActions.Start> start = new ArrayList<>();
    List<PodActions.Kill> kill = new ArrayList<>();
    boolean initialized = previouslyInitialized;
    int last = inits.size() - 1;
    for (int i = last; i >= 0; i--) {
      SpecContainer c = inits.get(i);
      boolean sidecar = c.kind() == ContainerKind.SIDECAR;
      Optional<ObservedContainer> status = observed.latestInCurrentSandbox(c.name());
      if (status.isEmpty()) {
        if (previouslyInitialized && sidecar) {
          start.add(start(c, observed));
        }
        continue;
      }
      if (previouslyInitialized && !sidecar) {
        continue;
      }
      ObservedContainer s = status.get();
      switch (s.state()) {
        case CREATED -> {
          // Being started: wait.
        }
        case RUNNING -> {
          if (!sidecar) {
            break;
          }
          if (c.spec().getStartupProbe() != null && !health.started(uid, c.name(), s.id())) {
            // Not started yet: the next init container waits; a failed startup probe restarts it.
            if (health.failed(ProbeType.STARTUP, s.id())) {
              kill.add(new PodActions.Kill(c.name(), s.id(), "Init container " + c.name() + " failed startup probe", KillReason.STARTUP_PROBE));
              start.add(start(c, observed));
            }
            break;
          }
          if (!previouslyInitialized) {
            if (i == last) {
              initialized = true;
            } else if (observed.latestInCurrentSandbox(inits.get(i + 1).name()).isEmpty()) {
              start.add(start(inits.get(i + 1), observed));
            }
          }
          if (!s.specHash().isEmpty() && !s.specHash().equals(ContainerHash.of(c.spec()))) {
            kill.add(new PodActions.Kill(c.name(), s.id(), "Init container " + c.name() + " definition changed"));
            start.add(start(c, observed));
          } else if (health.failed(ProbeType.LIVENESS, s.id())) {
            kill.add(new PodActions.Kill(c.name(), s.id(), "Init container " + c.name() + " failed liveness probe", KillReason.LIVENESS_PROBE));
            start.add(start(c, observed));
          }
        }
        case EXITED -> {
          if (sidecar) {
            start.add(start(c, observed));
          } else if (s.failed()) {
            if (!policy.restartsOnFailure()) {
              return new PodActions(true, false, sandboxAttempt, false, List.of(), List.of());
            }
            start.add(start(c, observed));
          } else if (i == last) {
            initialized = true;
          } else if (observed.latestInCurrentSandbox(inits.get(i + 1).name()).isEmpty()) {
            start.add(start(inits.get(i + 1), observed));
          }
        }
        case UNKNOWN -> {
          if (!sidecar && !policy.restartsOnFailure()) {
            return new PodActions(true, false, sandboxAttempt, false, List.of(), List.of());
          }
          kill.add(new PodActions.Kill(c.name(), s.id(), "Stopping container " + c.name()));
          start.add(start(c, observed));
        }
      }
      if (!sidecar) {
        break;
      }
    }
    if (!initialized && start.isEmpty() && inits.stream().allMatch(c -> observed.latestInCurrentSandbox(c.name()).isEmpty())) {
      start.add(start(inits.get(0), observed));
    }
    if (!initialized) {
      return new PodActions(false, false, sandboxAttempt, false, reversedInits(start, inits), kill);
    }
    List<PodActions.Start> appStart = new ArrayList<>();
    int keep = 0;
    for (SpecContainer c : apps) {
      Optional<ObservedContainer> status = observed.latest(c.name());
      if (status.isEmpty()) {
        appStart.add(start(c, observed));
        continue;
      }
      ObservedContainer s = status.get();
      switch (s.state()) {
        case RUNNING -> {
          if (!s.specHash().isEmpty() && !s.specHash().equals(ContainerHash.of(c.spec()))) {
            kill.add(changed(c, s));
            appStart.add(start(c, observed));
          } else if (health.failed(ProbeType.LIVENESS, s.id())) {
            probeKill(c, s, "liveness", KillReason.LIVENESS_PROBE, policy, observed, kill, appStart);
          } else if (health.failed(ProbeType.STARTUP, s.id())) {
            probeKill(c, s, "startup", KillReason.STARTUP_PROBE, policy, observed, kill, appStart);
          } else {
            keep++;
          }
        }
        case CREATED, UNKNOWN -> {
          kill.add(new PodActions.Kill(c.name(), s.id(), "Stopping container " + c.name()));
          appStart.add(start(c, observed));
        }
        case EXITED -> {
          if (policy.restarts(s)) {
            appStart.add(start(c, observed));
          }
        }
      }
    }
    if (keep == 0 && appStart.isEmpty()) {
      return new PodActions(true, false, sandboxAttempt, true, List.of(), List.of());
    }
    List<PodActions.Start> all = new ArrayList<>(reversedInits(start, inits));
    all.addAll(appStart);
    return new PodActions(false, false, sandboxAttempt, true, all, kill);
  }

  /** The init starts in spec order (the walk collected them from last to first). */
  private static List<PodActions.Start> reversedInits(List<PodActions.Start> start, List<SpecContainer> inits) {
    List<String> order = inits.stream().map(SpecContainer::name).toList();
    return start.stream().sorted((a, b) -> Integer.compare(order.indexOf(a.name()), order.indexOf(b.name()))).toList();
  }

  /** A running app container failed its liveness or startup probe: killed, and restarted unless the pod's policy is Never. */
  private static void probeKill(SpecContainer c, ObservedContainer s, String probe, KillReason reason, RestartPolicy policy, ObservedPod observed,
      List<PodActions.Kill> kill, List<PodActions.Start> appStart) {
    String message = "Container " + c.name() + " failed " + probe + " probe";
    if (policy.restartsOnFailure()) {
      message += ", will be restarted";
      appStart.add(start(c, observed));
    }
    kill.add(new PodActions.Kill(c.name(), s.id(), message, reason));
  }

  private static PodActions.Kill changed(SpecContainer c, ObservedContainer s) {
    return new PodActions.Kill(c.name(), s.id(), "Container " + c.name() + " definition changed, will be restarted");
  }

  private static PodActions.Start start(SpecContainer c, ObservedPod observed) {
    return new PodActions.Start(c.kind(), c.name(), observed.nextAttempt(c.name()));
  }
}
