package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.event.EventType;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.SandboxId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops containers the kubelet's way ({@code killContainer}): a {@code Killing} event ({@code Stopping container <c>}
 * or the reason given), the {@code preStop} hook within the grace period (a failure is a Warning
 * {@code FailedPreStopHook} event), then SIGTERM, what is left of the grace period (in whole seconds, and never less
 * than 2 s) and SIGKILL. A whole pod: every container at once, sidecars after running their preStop hook waiting
 * (within the grace period) until the app containers and the sidecars declared after them have stopped; then the
 * sandbox (pause process, network).
 */
final class PodKiller {
  private static final Logger LOG = LoggerFactory.getLogger(PodKiller.class);
  static final Duration MIN_GRACE = KillGrace.MINIMUM;

  private final SyncParts parts;

  PodKiller(SyncParts parts) {
    this.parts = parts;
  }

  /**
   * Stops one container within {@code grace}.
   *
   * @param message the Killing event's message
   * @param podIp   the pod's IP, for an HTTP preStop hook
   */
  void kill(Pod pod, String name, String containerId, Duration grace, String message, String podIp) {
    kill(pod, name, containerId, grace, message, podIp, List.of());
  }

  /** @param waitFor containers that must have stopped before this one is signalled (sidecar ordering) */
  private void kill(Pod pod, String name, String containerId, Duration grace, String message, String podIp, List<CompletableFuture<Void>> waitFor) {
    Optional<SpecContainer> spec = SpecContainer.find(pod, name);
    parts.events().record(new PodEvent(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
        spec.map(s -> s.kind().fieldPath(name)).orElse(""), EventType.Normal, "Killing", message));
    long seconds = Math.max(0, grace.toSeconds());
    LifecycleHandler preStop = spec.map(s -> s.spec().getLifecycle()).map(l -> l.getPreStop()).orElse(null);
    if (preStop != null && seconds > 0 && running(containerId)) {
      seconds -= preStop(pod, spec.get().spec(), containerId, preStop, podIp, seconds);
    }
    if (!waitFor.isEmpty() && seconds > 0) {
      seconds -= waitForTurn(waitFor, seconds);
    }
    Duration left = Duration.ofSeconds(Math.max(seconds, MIN_GRACE.toSeconds()));
    parts.runtime().stopContainer(new ContainerId(containerId), left);
  }

  /**
   * Runs the preStop hook on its own thread and waits for it at most {@code seconds}; answers the whole seconds it
   * took. A hook still running then goes on until the container is stopped under it.
   */
  private long preStop(Pod pod, Container container, String containerId, LifecycleHandler hook, String podIp, long seconds) {
    long start = System.nanoTime();
    Thread t = Thread.ofVirtual().name("prestop-" + container.getName()).start(() -> {
      Optional<String> failed = parts.hooks().run(pod, container, containerId, hook, podIp, Duration.ofSeconds(seconds).plus(MIN_GRACE));
      failed.ifPresent(msg -> {
        LOG.info("preStop hook failed: {}", msg);
        parts.events().record(new PodEvent(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
            SpecContainer.find(pod, container.getName()).map(s -> s.kind().fieldPath(container.getName())).orElse(""), EventType.Warning,
            "FailedPreStopHook", "PreStopHook failed"));
      });
    });
    try {
      if (!t.join(Duration.ofSeconds(seconds))) {
        LOG.info("preStop hook of {} in pod {}/{} not completed in its grace period of {}s", container.getName(),
            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), seconds);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  /** Waits at most {@code seconds} for the containers that stop first; answers the whole seconds waited. */
  private static long waitForTurn(List<CompletableFuture<Void>> waitFor, long seconds) {
    long start = System.nanoTime();
    try {
      CompletableFuture.allOf(waitFor.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // the grace period is over (or one failed to stop): go on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  private boolean running(String containerId) {
    try {
      return parts.runtime().containerStatus(new ContainerId(containerId)).state() == ContainerState.RUNNING;
    } catch (SkiffException.NotFound e) {
      return false;
    }
  }

  /** Stops every running container of the pod and then all of its sandboxes. */
  void killPod(Pod pod, ObservedPod observed, Duration grace) {
    List<ObservedContainer> running = observed.containers().stream().filter(c -> c.running() || c.state() == ObservedContainer.State.CREATED).toList();
    boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    String podIp = hostNetwork ? parts.hostIp() : observed.currentSandbox().map(ObservedSandbox::podIp).orElse("");
    Map<ObservedContainer, CompletableFuture<Void>> stopped = new LinkedHashMap<>();
    running.forEach(c -> stopped.put(c, new CompletableFuture<>()));
    if (!running.isEmpty()) {
      try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> stops = new ArrayList<>();
        for (ObservedContainer c : running) {
          List<CompletableFuture<Void>> first = stopsFirst(pod, c, stopped);
          stops.add(exec.submit(() -> {
            try {
              kill(pod, c.name(), c.id(), grace, "Stopping container " + c.name(), podIp, first);
            } finally {
              stopped.get(c).complete(null);
            }
          }));
        }
        await(pod, stops);
      }
    }
    for (ObservedSandbox s : observed.sandboxes()) {
      parts.runtime().stopSandbox(new SandboxId(s.id()));
    }
  }

  /** A sidecar stops after the app containers and the sidecars declared after it; others stop at once. */
  private static List<CompletableFuture<Void>> stopsFirst(Pod pod, ObservedContainer c, Map<ObservedContainer, CompletableFuture<Void>> stopped) {
    Optional<SpecContainer> spec = SpecContainer.find(pod, c.name());
    if (spec.isEmpty() || spec.get().kind() != ContainerKind.SIDECAR) {
      return List.of();
    }
    int index = spec.get().index();
    List<CompletableFuture<Void>> out = new ArrayList<>();
    stopped.forEach((other, done) -> {
      Optional<SpecContainer> o = SpecContainer.find(pod, other.name());
      boolean app = o.map(s -> s.kind() == ContainerKind.APP).orElse(true);
      boolean laterSidecar = o.map(s -> s.kind() == ContainerKind.SIDECAR && s.index() > index).orElse(false);
      if (app || laterSidecar) {
        out.add(done);
      }
    });
    return out;
  }

  private static void await(Pod pod, List<Future<?>> stops) {
    SkiffException failure = null;
    for (Future<?> f : stops) {
      try {
        f.get();
      } catch (ExecutionException e) {
        LOG.warn("stopping a container of pod {}/{} failed: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
            e.getCause().getMessage());
        if (e.getCause() instanceof SkiffException se && failure == null) {
          failure = se;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SkiffException.Unavailable("interrupted while stopping the containers of " + pod.getMetadata().getName(), e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
