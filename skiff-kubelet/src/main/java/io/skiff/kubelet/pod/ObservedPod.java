package io.skiff.kubelet.pod;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything the runtime has of one pod: its sandboxes (the newest is the current one) and every container instance
 * in any of them.
 */
public record ObservedPod(List<ObservedSandbox> sandboxes, List<ObservedContainer> containers) {
  public static final ObservedPod EMPTY = new ObservedPod(List.of(), List.of());

  public ObservedPod {
    sandboxes = List.copyOf(sandboxes);
    containers = List.copyOf(containers);
  }

  /** The newest sandbox, whatever its state. */
  public Optional<ObservedSandbox> currentSandbox() {
    return sandboxes.stream().max(Comparator.comparingInt(ObservedSandbox::attempt));
  }

  /** The newest instance of the named container across all sandboxes. */
  public Optional<ObservedContainer> latest(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).max(Comparator.comparingInt(ObservedContainer::attempt));
  }

  /** The newest instance of the named container in the current sandbox (init containers re-run in a new sandbox). */
  public Optional<ObservedContainer> latestInCurrentSandbox(String name) {
    Optional<ObservedSandbox> current = currentSandbox();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    int attempt = current.get().attempt();
    return containers.stream().filter(c -> c.name().equals(name) && c.sandboxAttempt() == attempt)
        .max(Comparator.comparingInt(ObservedContainer::attempt));
  }

  /** The instance before the newest one of the named container (Kubernetes' {@code lastState}). */
  public Optional<ObservedContainer> previous(String name) {
    Optional<ObservedContainer> latest = latest(name);
    return latest.flatMap(l -> containers.stream().filter(c -> c.name().equals(name) && c.attempt() < l.attempt())
        .max(Comparator.comparingInt(ObservedContainer::attempt)));
  }

  /** The attempt a new instance of the named container gets: one more than the newest, or 0. */
  public int nextAttempt(String name) {
    return latest(name).map(c -> c.attempt() + 1).orElse(0);
  }

  /** Whether any container instance of the pod runs. */
  public boolean anyRunning() {
    return containers.stream().anyMatch(ObservedContainer::running);
  }
}
