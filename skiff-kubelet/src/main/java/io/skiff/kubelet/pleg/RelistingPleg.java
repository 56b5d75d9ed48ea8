package io.skiff.kubelet.pleg;

import io.skiff.kubelet.pod.ObservedContainer;
import io.skiff.kubelet.pod.ObservedPod;
import io.skiff.kubelet.pod.ObservedSandbox;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's generic PLEG: relists the runtime every period and compares each container's state with the previous
 * relist. A relist that failed, or that comes much later than planned, is followed by a {@code PodResync} for every
 * pod seen, since changes in between cannot be told apart.
 */
public final class RelistingPleg implements PodLifecycleEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RelistingPleg.class);
  private static final int CAPACITY = 1000;

  private final Supplier<Map<String, ObservedPod>> relist;
  private final Duration period;
  private final InstantSource clock;
  private final BlockingQueue<PodLifecycleEvent> events = new ArrayBlockingQueue<>(CAPACITY);
  private final Map<String, Map<String, ObservedContainer.State>> lastContainers = new HashMap<>();
  private final Map<String, String> lastSandboxes = new HashMap<>();
  private volatile Instant lastRelist;
  private volatile boolean closed;
  private boolean gap = true;
  private volatile ScheduledExecutorService scheduler;

  public RelistingPleg(Supplier<Map<String, ObservedPod>> relist, Duration period, InstantSource clock) {
    this.relist = Objects.requireNonNull(relist, "relist");
    this.period = Objects.requireNonNull(period, "period");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("skiff-pleg").factory());
    scheduler.scheduleWithFixedDelay(this::relistSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Relists as soon as possible (a container just exited), besides the periodic relists. */
  public void relistNow() {
    ScheduledExecutorService running = scheduler;
    if (running == null) {
      return;
    }
    try {
      running.execute(this::relistSafely);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed: nothing to relist any more
    }
  }

  @Override
  public BlockingQueue<PodLifecycleEvent> events() {
    return events;
  }

  @Override
  public boolean healthy() {
    Instant last = lastRelist;
    return last != null && Duration.between(last, clock.instant()).compareTo(period.multipliedBy(10).plusMinutes(1)) < 0;
  }

  private void relistSafely() {
    if (closed) {
      return;
    }
    try {
      relistOnce();
    } catch (RuntimeException e) {
      LOG.warn("relist failed", e);
    }
  }

  /** One relist: compare with the previous one and queue the differences. */
  void relistOnce() {
    Instant now = clock.instant();
    Map<String, ObservedPod> pods;
    try {
      pods = relist.get();
    } catch (RuntimeException e) {
      LOG.warn("relisting the runtime failed: {}", e.getMessage());
      gap = true;
      return;
    }
    boolean late = lastRelist != null && Duration.between(lastRelist, now).compareTo(period.multipliedBy(10)) > 0;
    Set<String> uids = new HashSet<>(pods.keySet());
    uids.addAll(lastContainers.keySet());
    for (String uid : uids) {
      ObservedPod pod = pods.getOrDefault(uid, ObservedPod.EMPTY);
      Map<String, ObservedContainer.State> now1 = new HashMap<>();
      pod.containers().forEach(c -> now1.put(c.id(), c.state()));
      String sandboxes = sandboxFingerprint(pod);
      Map<String, ObservedContainer.State> before = lastContainers.getOrDefault(uid, Map.of());
      if (gap || late) {
        emit(new PodLifecycleEvent.PodResync(uid));
      } else {
        boolean any = false;
        for (var e : now1.entrySet()) {
          ObservedContainer.State old = before.get(e.getKey());
          if (old == e.getValue()) {
            continue;
          }
          any = true;
          switch (e.getValue()) {
            case RUNNING -> emit(new PodLifecycleEvent.ContainerStarted(uid, e.getKey()));
            case EXITED, UNKNOWN -> emit(new PodLifecycleEvent.ContainerDied(uid, e.getKey()));
            case CREATED -> emit(new PodLifecycleEvent.PodResync(uid));
          }
        }
        for (String id : before.keySet()) {
          if (!now1.containsKey(id)) {
            any = true;
            emit(new PodLifecycleEvent.ContainerRemoved(uid, id));
          }
        }
        if (!any && !sandboxes.equals(lastSandboxes.getOrDefault(uid, ""))) {
          emit(new PodLifecycleEvent.PodResync(uid));
        }
      }
      if (pods.containsKey(uid)) {
        lastContainers.put(uid, now1);
        lastSandboxes.put(uid, sandboxes);
      } else {
        lastContainers.remove(uid);
        lastSandboxes.remove(uid);
      }
    }
    gap = false;
    lastRelist = now;
  }

  private static String sandboxFingerprint(ObservedPod pod) {
    StringBuilder b = new StringBuilder();
    for (ObservedSandbox s : pod.sandboxes()) {
      b.append(s.id()).append(s.ready()).append(s.podIp()).append(';');
    }
    return b.toString();
  }

  private void emit(PodLifecycleEvent e) {
    if (!events.offer(e)) {
      LOG.warn("pod lifecycle event queue full; dropping {}", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
