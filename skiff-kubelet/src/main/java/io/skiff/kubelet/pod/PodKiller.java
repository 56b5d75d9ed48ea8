package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.event.EventType;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.SandboxId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops containers the kubelet's way: a {@code Killing} event ({@code Stopping container <c>}), then SIGTERM, the
 * grace period (at least 2 s) and SIGKILL. A whole pod: app containers (and a running init container) in parallel,
 * then sidecars one by one in reverse declaration order within what is left of the grace period, then the sandbox
 * (pause process, network).
 */
final class PodKiller {
  private static final Logger LOG = LoggerFactory.getLogger(PodKiller.class);
  static final Duration MIN_GRACE = Duration.ofSeconds(2);

  private final SyncParts parts;

  PodKiller(SyncParts parts) {
    this.parts = parts;
  }

  void kill(Pod pod, String name, String containerId, Duration grace, String message) {
    Optional<SpecContainer> spec = SpecContainer.find(pod, name);
    parts.events().record(new PodEvent(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
        spec.map(s -> s.kind().fieldPath(name)).orElse(""), EventType.Normal, "Killing", message));
    parts.runtime().stopContainer(new ContainerId(containerId), grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace);
  }

  /** Stops every running container of the pod and then all of its sandboxes. */
  void killPod(Pod pod, ObservedPod observed, Duration grace) {
    Instant deadline = parts.clock().instant().plus(grace);
    List<ObservedContainer> running = observed.containers().stream().filter(c -> c.running() || c.state() == ObservedContainer.State.CREATED).toList();
    List<SpecContainer> sidecars = new ArrayList<>(SpecContainer.inits(pod).stream().filter(c -> c.kind() == ContainerKind.SIDECAR).toList());
    List<String> sidecarNames = sidecars.stream().map(SpecContainer::name).toList();
    List<ObservedContainer> first = running.stream().filter(c -> !sidecarNames.contains(c.name())).toList();
    inParallel(pod, first, grace);
    sidecars.sort(Comparator.comparingInt(SpecContainer::index).reversed());
    for (SpecContainer s : sidecars) {
      for (ObservedContainer c : running) {
        if (c.name().equals(s.name())) {
          Duration left = Duration.between(parts.clock().instant(), deadline);
          kill(pod, c.name(), c.id(), left.isNegative() ? Duration.ZERO : left, "Stopping container " + c.name());
        }
      }
    }
    for (ObservedSandbox s : observed.sandboxes()) {
      parts.runtime().stopSandbox(new SandboxId(s.id()));
    }
  }

  private void inParallel(Pod pod, List<ObservedContainer> containers, Duration grace) {
    if (containers.isEmpty()) {
      return;
    }
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> stops = new ArrayList<>();
      for (ObservedContainer c : containers) {
        stops.add(exec.submit(() -> kill(pod, c.name(), c.id(), grace, "Stopping container " + c.name())));
      }
      for (Future<?> f : stops) {
        try {
          f.get();
        } catch (ExecutionException e) {
          LOG.warn("stopping a container of pod {}/{} failed: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
              e.getCause().getMessage());
          if (e.getCause() instanceof SkiffException se) {
            throw se;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SkiffException.Unavailable("interrupted while stopping the containers of " + pod.getMetadata().getName(), e);
        }
      }
    }
  }
}
