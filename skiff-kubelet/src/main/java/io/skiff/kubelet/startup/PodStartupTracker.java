package io.skiff.kubelet.startup;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's pod startup latency tracker. A pod is tracked from the moment the agent's watch first delivers it
 * without a start time (bound to this node after the agent started; pods adopted after a restart are not), until it
 * is forgotten. The pulls for it, the first status with every container running handed to the status manager, and the
 * agent's watch seeing such a status give one {@link PodStartup}, logged once at INFO ("Observed pod startup
 * duration") and counted in {@link #sli()}. While that is pending, the steps of the pod's start are timestamped
 * ({@link #step}) and logged once at DEBUG with it. Thread-safe; every method returns at once.
 */
public final class PodStartupTracker {
  private static final Logger LOG = LoggerFactory.getLogger(PodStartupTracker.class);
  /** Most steps kept per pod (a pod that never runs keeps handing statuses). */
  static final int MAX_STEPS = 64;

  private final InstantSource clock;
  private final boolean enabled;
  private final Consumer<Observed> sink;
  private final ConcurrentMap<String, Tracked> pods = new ConcurrentHashMap<>();
  private final StartSliHistogram sli = new StartSliHistogram();

  PodStartupTracker(InstantSource clock, boolean enabled, Consumer<Observed> sink) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.enabled = enabled;
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** A tracker on {@code clock} that logs each pod's startup (INFO) and its steps (DEBUG). */
  public static PodStartupTracker on(InstantSource clock) {
    return new PodStartupTracker(clock, true, PodStartupTracker::log);
  }

  /** A tracker on {@code clock} that hands each pod's observed startup to {@code sink} (tests, other reporting). */
  public static PodStartupTracker reportingTo(InstantSource clock, Consumer<Observed> sink) {
    return new PodStartupTracker(clock, true, sink);
  }

  /** A tracker that tracks nothing (for agents whose pods are simulated). */
  public static PodStartupTracker disabled() {
    return new PodStartupTracker(InstantSource.system(), false, o -> {});
  }

  /**
   * A pod's observed startup and the steps of its start until then.
   *
   * @param startup the figures the kubelet logs
   * @param steps   {@code start=<instant of the first step> step[(detail)]=+<ms after it> …}
   */
  public record Observed(PodStartup startup, String steps) {
    public Observed {
      Objects.requireNonNull(startup, "startup");
      Objects.requireNonNull(steps, "steps");
    }
  }

  private static void log(Observed o) {
    LOG.info("Observed pod startup duration {}", o.startup().logFields());
    if (LOG.isDebugEnabled()) {
      LOG.debug("Pod startup steps pod=\"{}/{}\" {}", o.startup().namespace(), o.startup().name(), o.steps());
    }
  }

  /**
   * The agent's watch delivered {@code pod} (added or updated). The first delivery of a pod without a start time
   * begins tracking it; a later one with every container running completes its startup, once.
   */
  public void observedOnWatch(Pod pod) {
    if (!enabled) {
      return;
    }
    Instant now = clock.instant();
    String uid = pod.getMetadata().getUid();
    Tracked t = pods.get(uid);
    if (t == null) {
      if (pod.getStatus() == null || pod.getStatus().getStartTime() == null) {
        Tracked fresh = new Tracked();
        if (pods.putIfAbsent(uid, fresh) == null) {
          fresh.step(StartupStep.INFORMER_ADDED, "", now);
        }
      }
      return;
    }
    if (!allRunning(pod.getStatus())) {
      return;
    }
    t.complete(pod, now).ifPresent(o -> {
      sli.observe(o.startup().sloSeconds());
      sink.accept(o);
    });
  }

  /** An image pull for the pod began at {@code began} and ended now. */
  public void pulled(String podUid, Instant began) {
    Tracked t = enabled ? pods.get(podUid) : null;
    if (t != null) {
      t.pulled(began, clock.instant());
    }
  }

  /** The status manager was handed {@code status} for the pod: the first with every container running marks it running. */
  public void statusHanded(String podUid, PodStatus status) {
    Tracked t = enabled ? pods.get(podUid) : null;
    if (t != null) {
      Instant now = clock.instant();
      t.step(StartupStep.STATUS_HANDED, status.getPhase() == null ? "" : status.getPhase(), now);
      if (allRunning(status)) {
        t.running(now);
      }
    }
  }

  /** Timestamps a step of the pod's start (kept only while its startup is pending). */
  public void step(String podUid, StartupStep step, String detail) {
    Tracked t = enabled ? pods.get(podUid) : null;
    if (t != null) {
      t.step(step, detail, clock.instant());
    }
  }

  /** Stops tracking the pod (it left the node). */
  public void forget(String podUid) {
    pods.remove(podUid);
  }

  /** The pod's observed startup, once its running status was seen by the agent's watch. */
  public Optional<PodStartup> find(String podUid) {
    Tracked t = pods.get(podUid);
    return t == null ? Optional.empty() : t.result();
  }

  /** The start durations without image pulls so far (the kubelet's pod start SLI histogram). */
  public StartSliHistogram.Snapshot sli() {
    return sli.snapshot();
  }

  /** Whether every container of the status runs since a recorded time (and there is at least one). */
  static boolean allRunning(PodStatus status) {
    if (status == null || status.getContainerStatuses() == null || status.getContainerStatuses().isEmpty()) {
      return false;
    }
    for (ContainerStatus c : status.getContainerStatuses()) {
      if (c.getState() == null || c.getState().getRunning() == null || c.getState().getRunning().getStartedAt() == null) {
        return false;
      }
    }
    return true;
  }

  private record Step(StartupStep step, String detail, Instant at) {}

  /** One tracked pod: its pulls, when it was first handed as running, and its steps until its startup was observed. */
  private static final class Tracked {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Step> steps = new ArrayList<>();
    private Instant firstPull = Instant.EPOCH;
    private Instant lastPull = Instant.EPOCH;
    private Instant running;
    private PodStartup result;

    void step(StartupStep step, String detail, Instant at) {
      lock.lock();
      try {
        if (result == null && steps.size() < MAX_STEPS) {
          steps.add(new Step(step, detail, at));
        }
      } finally {
        lock.unlock();
      }
    }

    void pulled(Instant began, Instant ended) {
      lock.lock();
      try {
        if (firstPull.equals(Instant.EPOCH)) {
          firstPull = began;
        }
        lastPull = ended;
      } finally {
        lock.unlock();
      }
    }

    void running(Instant at) {
      lock.lock();
      try {
        if (running == null) {
          running = at;
        }
      } finally {
        lock.unlock();
      }
    }

    /** Completes the startup when the pod was handed as running and not completed yet. */
    Optional<Observed> complete(Pod pod, Instant now) {
      lock.lock();
      try {
        if (result != null || running == null) {
          return Optional.empty();
        }
        Instant created = pod.getMetadata().getCreationTimestamp() == null ? now : Instant.parse(pod.getMetadata().getCreationTimestamp());
        result = new PodStartup(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), created, firstPull, lastPull, running, now);
        steps.add(new Step(StartupStep.WATCH_RUNNING, "", now));
        String text = format(steps);
        steps.clear();
        return Optional.of(new Observed(result, text));
      } finally {
        lock.unlock();
      }
    }

    Optional<PodStartup> result() {
      lock.lock();
      try {
        return Optional.ofNullable(result);
      } finally {
        lock.unlock();
      }
    }

    /** {@code start=<first step's time> name[(detail)]=+ms …}, offsets from the first step in milliseconds. */
    private static String format(List<Step> steps) {
      Instant start = steps.get(0).at();
      StringBuilder b = new StringBuilder("start=").append(start);
      for (Step s : steps) {
        b.append(' ').append(s.step().text());
        if (!s.detail().isEmpty()) {
          b.append('(').append(s.detail()).append(')');
        }
        b.append("=+").append(String.format(java.util.Locale.ROOT, "%.1f", Duration.between(start, s.at()).toNanos() / 1e6)).append("ms");
      }
      return b.toString();
    }
  }
}
