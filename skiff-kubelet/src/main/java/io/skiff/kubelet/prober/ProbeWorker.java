package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one container of a pod with one of its probes, the kubelet's way ({@code worker.doProbe}), every
 * {@code periodSeconds} on its own virtual thread until the pod finishes or it is stopped. It follows the container's
 * instances through the pod status the agent last reported: a new instance starts from the probe's initial result,
 * nothing is probed before {@code initialDelaySeconds} after the instance started, liveness and readiness wait until
 * the instance has started (its startup probe passed) and the startup probe stops then, a result is published only
 * after {@code successThreshold} successes or {@code failureThreshold} failures in a row, and after a liveness or
 * startup failure the worker holds until the next instance. A pod being deleted ends liveness and startup probing
 * with a success, so that nothing restarts while it stops.
 */
public final class ProbeWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeWorker.class);

  private final ProbeType type;
  private final Container container;
  private final Probe spec;
  private final String podUid;
  private final ProbeResults results;
  private final ProbeRunner prober;
  private final PodStatusSource statuses;
  private final InstantSource clock;
  private volatile Pod pod;

  private String containerId;
  private ProbeResult lastResult;
  private int resultRun;
  private boolean onHold;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean stopped;
  private boolean triggered;

  /**
   * @param pod       the pod (its spec, restart policy and deletion are read; {@link #updatePod} refreshes it)
   * @param container the probed container
   * @param statuses  the pod status the agent last reported, for container ids, states and start times
   */
  public ProbeWorker(ProbeType type, Pod pod, Container container, ProbeResults results, ProbeRunner prober, PodStatusSource statuses,
      InstantSource clock) {
    this.type = Objects.requireNonNull(type, "type");
    this.pod = Objects.requireNonNull(pod, "pod");
    this.container = Objects.requireNonNull(container, "container");
    this.spec = Objects.requireNonNull(type.of(container), "the container has no " + type.word() + " probe");
    this.podUid = pod.getMetadata().getUid();
    this.results = Objects.requireNonNull(results, "results");
    this.prober = Objects.requireNonNull(prober, "prober");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ProbeType type() {
    return type;
  }

  /** A newer copy of the pod (deletion timestamp, spec). */
  public void updatePod(Pod newer) {
    this.pod = newer;
  }

  /**
   * Probes once if it is time to, and records the result; answers whether the worker should keep going. Only the
   * worker's own thread (or a test) calls it.
   */
  public boolean doProbe() {
    Optional<PodStatus> found = statuses.find(podUid);
    if (found.isEmpty()) {
      return true;
    }
    PodStatus status = found.get();
    if ("Failed".equals(status.getPhase()) || "Succeeded".equals(status.getPhase())) {
      return false;
    }
    Optional<ContainerStatus> cs = withId(status.getContainerStatuses()).or(() -> withId(status.getInitContainerStatuses()));
    if (cs.isEmpty()) {
      return true;
    }
    ContainerStatus c = cs.get();
    String id = stripRuntime(c.getContainerID());
    if (!id.equals(containerId)) {
      if (containerId != null) {
        results.remove(type, containerId);
      }
      containerId = id;
      results.set(type, id, type.initial(), podUid);
      onHold = false;
    }
    if (onHold) {
      return true;
    }
    Pod p = pod;
    if (c.getState() == null || c.getState().getRunning() == null) {
      results.set(type, containerId, ProbeResult.FAILURE, podUid);
      boolean terminated = c.getState() != null && c.getState().getTerminated() != null;
      return !terminated || !"Never".equals(p.getSpec().getRestartPolicy()) || "Always".equals(container.getRestartPolicy());
    }
    if (p.getMetadata().getDeletionTimestamp() != null && (type == ProbeType.LIVENESS || type == ProbeType.STARTUP)) {
      results.set(type, containerId, ProbeResult.SUCCESS, podUid);
      return false;
    }
    int initialDelay = spec.getInitialDelaySeconds() == null ? 0 : spec.getInitialDelaySeconds();
    if (secondsSince(c.getState().getRunning().getStartedAt()) < initialDelay) {
      return true;
    }
    boolean started = Boolean.TRUE.equals(c.getStarted());
    if (started == (type == ProbeType.STARTUP)) {
      return true;
    }
    Optional<ProbeResult> probed = prober.probe(type, p, container, status.getPodIP(), containerId);
    if (probed.isEmpty()) {
      return true;
    }
    ProbeResult result = probed.get();
    if (result == lastResult) {
      resultRun++;
    } else {
      lastResult = result;
      resultRun = 1;
    }
    if ((result == ProbeResult.FAILURE && resultRun < threshold(spec.getFailureThreshold(), 3))
        || (result == ProbeResult.SUCCESS && resultRun < threshold(spec.getSuccessThreshold(), 1))) {
      return true;
    }
    results.set(type, containerId, result, podUid);
    if ((type == ProbeType.LIVENESS || type == ProbeType.STARTUP) && result == ProbeResult.FAILURE) {
      onHold = true;
      resultRun = 0;
    }
    return true;
  }

  /**
   * The worker's loop: probes every period (waiting a random part of the first period when the agent only just
   * started, so that adopted pods are not all probed at once) until {@link #doProbe} says stop or {@link #stop} is
   * called; then drops its result. {@code onExit} runs last.
   */
  void run(boolean agentJustStarted, Runnable onExit) {
    long period = Duration.ofSeconds(threshold(spec.getPeriodSeconds(), 10)).toNanos();
    try {
      if (agentJustStarted && !await((long) (ThreadLocalRandom.current().nextDouble() * period), false)) {
        return;
      }
      long next = System.nanoTime();
      while (probeSafely()) {
        next += period;
        long now = System.nanoTime();
        if (next < now) {
          next = now;
        }
        if (!await(next - now, true)) {
          return;
        }
      }
    } finally {
      if (containerId != null) {
        results.remove(type, containerId);
      }
      onExit.run();
    }
  }

  private boolean probeSafely() {
    try {
      return doProbe();
    } catch (RuntimeException e) {
      LOG.warn("{} probe of {} in pod {} failed to run: {}", type.word(), container.getName(), podUid, e.toString());
      return true;
    }
  }

  /** Waits up to {@code nanos} (or until triggered, when allowed); false once stopped. */
  private boolean await(long nanos, boolean triggerable) {
    lock.lock();
    try {
      long left = nanos;
      while (!stopped && !(triggerable && triggered) && left > 0) {
        left = wake.awaitNanos(left);
      }
      triggered = false;
      return !stopped;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Probes again now rather than at the next period (readiness asked for while unknown). */
  public void trigger() {
    lock.lock();
    try {
      triggered = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the worker's loop; its result is dropped. Safe to call more than once. */
  public void stop() {
    lock.lock();
    try {
      stopped = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Optional<ContainerStatus> withId(List<ContainerStatus> list) {
    if (list == null) {
      return Optional.empty();
    }
    return list.stream().filter(s -> container.getName().equals(s.getName()) && s.getContainerID() != null && !s.getContainerID().isEmpty())
        .findFirst();
  }

  private long secondsSince(String startedAt) {
    if (startedAt == null) {
      return 0;
    }
    try {
      return Duration.between(Instant.parse(startedAt), clock.instant()).toSeconds();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private static int threshold(Integer value, int dflt) {
    return value == null || value <= 0 ? dflt : value;
  }

  /** {@code runc://abc} → {@code abc}: the runtime's id, as the kubelet's {@code ParseContainerID}. */
  static String stripRuntime(String containerId) {
    int sep = containerId.indexOf("://");
    return sep < 0 ? containerId : containerId.substring(sep + 3);
  }
}
