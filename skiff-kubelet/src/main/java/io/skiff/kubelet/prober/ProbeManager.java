package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The kubelet's probe manager: one {@link ProbeWorker} per probe of each app container and sidecar of a pod, created
 * when the pod is synced, stopped when it terminates; the probes' results answer {@link ContainerHealth} for the
 * status and the planner.
 */
public final class ProbeManager implements ContainerHealth, AutoCloseable {
  private record Key(String podUid, String container, ProbeType type) {}

  private final ProbeRunner prober;
  private final PodStatusSource statuses;
  private final InstantSource clock;
  private final ProbeResults results;
  private final Instant startedAt;
  private final Map<Key, ProbeWorker> workers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param statuses the status the agent last reported per pod
   * @param onChange called with a pod's uid when one of its probe results changes (wake the pod's worker)
   */
  public ProbeManager(ProbeRunner prober, PodStatusSource statuses, InstantSource clock, Consumer<String> onChange) {
    this.prober = Objects.requireNonNull(prober, "prober");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.results = new ProbeResults(onChange);
    this.startedAt = clock.instant();
  }

  /** Starts the workers the pod's probes need and do not have yet; gives existing ones the newer pod. */
  public void addPod(Pod pod) {
    if (closed) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    for (Container c : probed(pod)) {
      for (ProbeType type : ProbeType.values()) {
        if (type.of(c) == null) {
          continue;
        }
        Key key = new Key(uid, c.getName(), type);
        ProbeWorker existing = workers.get(key);
        if (existing != null) {
          existing.updatePod(pod);
          continue;
        }
        ProbeWorker w = new ProbeWorker(type, pod, c, results, prober, statuses, clock);
        workers.put(key, w);
        boolean justStarted = Duration.between(startedAt, clock.instant()).compareTo(Duration.ofSeconds(periodOf(type, c))) < 0;
        Thread.ofVirtual().name("probe-" + type.word().toLowerCase() + "-" + uid + "-" + c.getName())
            .start(() -> w.run(justStarted, () -> workers.remove(key, w)));
      }
    }
  }

  /** The pod is terminating: its liveness and startup probes stop (readiness goes on while containers stop). */
  public void stopLivenessAndStartup(Pod pod) {
    String uid = pod.getMetadata().getUid();
    workers.forEach((k, w) -> {
      if (k.podUid().equals(uid) && k.type() != ProbeType.READINESS) {
        w.stop();
      }
    });
  }

  /** The pod's containers are stopped: every worker of it stops. */
  public void removePod(String podUid) {
    workers.forEach((k, w) -> {
      if (k.podUid().equals(podUid)) {
        w.stop();
      }
    });
  }

  /** Stops the workers of pods that are not to be kept (the kubelet's {@code CleanupPods}). */
  public void cleanupPods(Predicate<String> keep) {
    workers.forEach((k, w) -> {
      if (!keep.test(k.podUid())) {
        w.stop();
      }
    });
  }

  /** How many workers run for the pod (for tests and diagnostics). */
  public int workerCount(String podUid) {
    return (int) workers.keySet().stream().filter(k -> k.podUid().equals(podUid)).count();
  }

  @Override
  public boolean started(String podUid, String container, String containerId) {
    var r = results.find(ProbeType.STARTUP, containerId);
    if (r.isPresent()) {
      return r.get() == ProbeResult.SUCCESS;
    }
    return !workers.containsKey(new Key(podUid, container, ProbeType.STARTUP));
  }

  @Override
  public boolean ready(String podUid, String container, String containerId) {
    if (results.find(ProbeType.READINESS, containerId).orElse(null) == ProbeResult.SUCCESS) {
      return true;
    }
    ProbeWorker w = workers.get(new Key(podUid, container, ProbeType.READINESS));
    if (w == null) {
      return true;
    }
    w.trigger();
    return false;
  }

  @Override
  public boolean failed(ProbeType type, String containerId) {
    return results.find(type, containerId).orElse(null) == ProbeResult.FAILURE;
  }

  @Override
  public void close() {
    closed = true;
    workers.values().forEach(ProbeWorker::stop);
  }

  /** The containers that can have probes: sidecars (restartable init containers) and app containers. */
  private static List<Container> probed(Pod pod) {
    List<Container> out = new ArrayList<>();
    if (pod.getSpec().getInitContainers() != null) {
      pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy())).forEach(out::add);
    }
    if (pod.getSpec().getContainers() != null) {
      out.addAll(pod.getSpec().getContainers());
    }
    return out;
  }

  private static long periodOf(ProbeType type, Container c) {
    Integer p = type.of(c).getPeriodSeconds();
    return p == null || p <= 0 ? 10 : p;
  }
}
