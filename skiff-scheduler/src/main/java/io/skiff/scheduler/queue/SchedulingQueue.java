package io.skiff.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.NominatedPods;
import io.skiff.scheduler.framework.PodInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pods waiting to be scheduled, keyed by uid, in the spirit of Kubernetes' {@code PriorityQueue}: an active queue
 * (higher {@code spec.priority} first, then the earliest added), a backoff queue (a pod that failed waits {@link
 * Backoff#after} its attempts before it is tried again) and the unschedulable pods, which wait for {@link
 * #moveAllToActiveOrBackoff() a cluster change} or for {@code maxUnschedulable} to pass. A cluster change that
 * happens while a pod is being tried sends that pod to backoff rather than to the unschedulable pods, so the change
 * is not missed. Pods with scheduling gates wait until an update removes them.
 *
 * <p>It also keeps the nominator: which pending pods preemption nominated to which node. A nomination comes from
 * {@link #nominate} or from the pod's {@code status.nominatedNodeName}; an update whose old and new versions both lack
 * the status field keeps the nomination made in memory, as Kubernetes does; binding or deleting the pod ends it.
 *
 * <p>Thread-safe. {@link #take()} blocks; {@link #poll()} does not (tests drive it with a fake clock).
 */
public final class SchedulingQueue implements AutoCloseable {
  private final InstantSource clock;
  private final Backoff backoff;
  private final Duration maxUnschedulable;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Entry> entries = new HashMap<>();
  private final PriorityQueue<Entry> active = new PriorityQueue<>(
      Comparator.comparingInt((Entry e) -> -priority(e.pod)).thenComparing(e -> e.added).thenComparingLong(e -> e.sequence));
  private final PriorityQueue<Entry> backingOff = new PriorityQueue<>(Comparator.comparing((Entry e) -> e.backoffExpiry)
      .thenComparingLong(e -> e.sequence));
  private final Map<String, Entry> unschedulable = new LinkedHashMap<>();
  private final Map<String, String> nominatedNode = new HashMap<>();
  private final Map<String, PodInfo> nominatedInfo = new HashMap<>();
  private NominatedPods nominatedView = NominatedPods.EMPTY;
  private boolean nominationsChanged;
  private long moveCycle;
  private long sequence;
  private boolean closed;

  private static final class Entry {
    Pod pod;
    QueueState state;
    final Instant added;
    final long sequence;
    int attempts;
    Instant backoffExpiry;
    Instant unschedulableSince;
    long poppedAtCycle;
    boolean changedInFlight;
    boolean deletedInFlight;

    Entry(Pod pod, Instant added, long sequence) {
      this.pod = pod;
      this.added = added;
      this.sequence = sequence;
    }
  }

  public SchedulingQueue(InstantSource clock, Backoff backoff, Duration maxUnschedulable) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.maxUnschedulable = Objects.requireNonNull(maxUnschedulable, "maxUnschedulable");
  }

  /** Adds a pending pod, or treats it as an update when it is already known. */
  public void add(Pod pod) {
    lock.lock();
    try {
      upsertLocked(pod);
    } finally {
      lock.unlock();
    }
  }

  /** Records a newer version of a pending pod. A change of spec or labels retries an unschedulable pod. */
  public void update(Pod pod) {
    lock.lock();
    try {
      upsertLocked(pod);
    } finally {
      lock.unlock();
    }
  }

  private void upsertLocked(Pod pod) {
    Entry existing = entries.get(uid(pod));
    nominateFromStatusLocked(existing == null ? null : existing.pod, pod);
    if (existing != null) {
      updateLocked(existing, pod);
      return;
    }
    Entry e = new Entry(pod, clock.instant(), sequence++);
    entries.put(uid(pod), e);
    if (gated(pod)) {
      e.state = QueueState.GATED;
    } else {
      pushActive(e);
    }
  }

  private void updateLocked(Entry e, Pod pod) {
    boolean meaningful = !Objects.equals(e.pod.getSpec(), pod.getSpec())
        || !Objects.equals(e.pod.getMetadata().getLabels(), pod.getMetadata().getLabels());
    switch (e.state) {
      case ACTIVE -> {
        active.remove(e);
        e.pod = pod;
        active.add(e);
      }
      case BACKOFF -> e.pod = pod;
      case UNSCHEDULABLE -> {
        e.pod = pod;
        if (meaningful) {
          unschedulable.remove(uid(pod));
          toBackoffOrActive(e, clock.instant());
        }
      }
      case IN_FLIGHT -> {
        e.pod = pod;
        e.changedInFlight |= meaningful;
      }
      case GATED -> {
        e.pod = pod;
        if (!gated(pod)) {
          pushActive(e);
        }
      }
      case ABSENT -> throw new IllegalStateException("an entry is never ABSENT");
    }
  }

  /** Forgets a pod (deleted, or bound by someone else). */
  public void delete(Pod pod) {
    lock.lock();
    try {
      setNominationLocked(uid(pod), null, null);
      Entry e = entries.get(uid(pod));
      if (e == null) {
        return;
      }
      switch (e.state) {
        case ACTIVE -> active.remove(e);
        case BACKOFF -> backingOff.remove(e);
        case UNSCHEDULABLE -> unschedulable.remove(uid(pod));
        case IN_FLIGHT -> {
          e.deletedInFlight = true;
          return;
        }
        case GATED, ABSENT -> { }
      }
      entries.remove(uid(pod));
    } finally {
      lock.unlock();
    }
  }

  /** The next pod to try, if one is ready now; it is in flight until {@link #done} or a requeue. */
  public Optional<QueuedPod> poll() {
    lock.lock();
    try {
      return pollLocked(clock.instant());
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the next pod to try; empty once the queue is closed. */
  public Optional<QueuedPod> take() throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        Instant now = clock.instant();
        Optional<QueuedPod> next = pollLocked(now);
        if (next.isPresent()) {
          return next;
        }
        Optional<Instant> wake = nextWakeUp();
        if (wake.isEmpty()) {
          changed.await();
        } else {
          long nanos = Duration.between(now, wake.get()).toNanos();
          if (nanos > 0) {
            changed.await(nanos, TimeUnit.NANOSECONDS);
          }
        }
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** The attempt succeeded (or the pod no longer needs scheduling): the queue forgets it. */
  public void done(String uid) {
    lock.lock();
    try {
      Entry e = entries.get(uid);
      if (e != null && e.state == QueueState.IN_FLIGHT) {
        entries.remove(uid);
      }
      setNominationLocked(uid, null, null);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The attempt found no node: the pod waits for a cluster change, or goes to backoff at once when one happened (or
   * the pod itself changed) while it was being tried.
   */
  public void requeueUnschedulable(String uid) {
    lock.lock();
    try {
      Entry e = inFlight(uid);
      if (e == null) {
        return;
      }
      Instant now = clock.instant();
      e.backoffExpiry = now.plus(backoff.after(e.attempts));
      if (e.changedInFlight || moveCycle > e.poppedAtCycle) {
        toBackoffOrActive(e, now);
      } else {
        e.state = QueueState.UNSCHEDULABLE;
        e.unschedulableSince = now;
        unschedulable.put(uid, e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The attempt failed for another reason (an API error): the pod is retried after its backoff. */
  public void requeueAfterError(String uid) {
    lock.lock();
    try {
      Entry e = inFlight(uid);
      if (e == null) {
        return;
      }
      Instant now = clock.instant();
      e.backoffExpiry = now.plus(backoff.after(e.attempts));
      toBackoffOrActive(e, now);
    } finally {
      lock.unlock();
    }
  }

  /** A node or a bound pod changed: every unschedulable pod is retried, after what is left of its backoff. */
  public void moveAllToActiveOrBackoff() {
    lock.lock();
    try {
      moveCycle++;
      Instant now = clock.instant();
      List<Entry> moving = new ArrayList<>(unschedulable.values());
      unschedulable.clear();
      for (Entry e : moving) {
        toBackoffOrActive(e, now);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Nominates {@code pod} to {@code nodeName} (preemption made room there), or ends its nomination when
   * {@code nodeName} is empty.
   */
  public void nominate(Pod pod, String nodeName) {
    lock.lock();
    try {
      boolean none = nodeName == null || nodeName.isEmpty();
      setNominationLocked(uid(pod), none ? null : nodeName, none ? null : PodInfo.of(pod));
    } finally {
      lock.unlock();
    }
  }

  /** The pods nominated to nodes now. */
  public NominatedPods nominatedPods() {
    lock.lock();
    try {
      if (nominationsChanged) {
        Map<String, List<PodInfo>> byNode = new HashMap<>();
        nominatedNode.forEach((uid, node) -> byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(nominatedInfo.get(uid)));
        nominatedView = byNode.isEmpty() ? NominatedPods.EMPTY : new NominatedPods(byNode);
        nominationsChanged = false;
      }
      return nominatedView;
    } finally {
      lock.unlock();
    }
  }

  /** Kubernetes' {@code updateNominatedPod}: the status decides, unless neither version has the field. */
  private void nominateFromStatusLocked(Pod old, Pod pod) {
    String uid = uid(pod);
    String now = nominatedNodeName(pod);
    if (now.isEmpty() && (old == null || nominatedNodeName(old).isEmpty())) {
      String kept = nominatedNode.get(uid);
      if (kept != null) {
        setNominationLocked(uid, kept, PodInfo.of(pod));
      }
      return;
    }
    setNominationLocked(uid, now.isEmpty() ? null : now, now.isEmpty() ? null : PodInfo.of(pod));
  }

  private void setNominationLocked(String uid, String node, PodInfo info) {
    if (node == null) {
      if (nominatedNode.remove(uid) != null) {
        nominatedInfo.remove(uid);
        nominationsChanged = true;
      }
      return;
    }
    nominatedNode.put(uid, node);
    nominatedInfo.put(uid, info);
    nominationsChanged = true;
  }

  private static String nominatedNodeName(Pod pod) {
    String n = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
    return n == null ? "" : n;
  }

  /** Where the pod with this uid is. */
  public QueueState stateOf(String uid) {
    lock.lock();
    try {
      Entry e = entries.get(uid);
      if (e == null || e.deletedInFlight) {
        return QueueState.ABSENT;
      }
      flushLocked(clock.instant());
      return e.state;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes {@link #take()} for good. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Optional<QueuedPod> pollLocked(Instant now) {
    flushLocked(now);
    Entry e = active.poll();
    if (e == null) {
      return Optional.empty();
    }
    e.state = QueueState.IN_FLIGHT;
    e.attempts++;
    e.poppedAtCycle = moveCycle;
    e.changedInFlight = false;
    return Optional.of(new QueuedPod(e.pod, e.attempts));
  }

  private void flushLocked(Instant now) {
    while (!backingOff.isEmpty() && !backingOff.peek().backoffExpiry.isAfter(now)) {
      pushActive(backingOff.poll());
    }
    if (!unschedulable.isEmpty()) {
      List<Entry> expired = unschedulable.values().stream()
          .filter(e -> !e.unschedulableSince.plus(maxUnschedulable).isAfter(now)).toList();
      for (Entry e : expired) {
        unschedulable.remove(uid(e.pod));
        toBackoffOrActive(e, now);
      }
    }
  }

  private Optional<Instant> nextWakeUp() {
    Instant wake = backingOff.isEmpty() ? null : backingOff.peek().backoffExpiry;
    for (Entry e : unschedulable.values()) {
      Instant t = e.unschedulableSince.plus(maxUnschedulable);
      if (wake == null || t.isBefore(wake)) {
        wake = t;
      }
    }
    return Optional.ofNullable(wake);
  }

  private Entry inFlight(String uid) {
    Entry e = entries.get(uid);
    if (e == null || e.state != QueueState.IN_FLIGHT) {
      return null;
    }
    if (e.deletedInFlight) {
      entries.remove(uid);
      return null;
    }
    return e;
  }

  private void toBackoffOrActive(Entry e, Instant now) {
    if (e.backoffExpiry != null && e.backoffExpiry.isAfter(now)) {
      e.state = QueueState.BACKOFF;
      backingOff.add(e);
      changed.signalAll();
    } else {
      pushActive(e);
    }
  }

  private void pushActive(Entry e) {
    e.state = QueueState.ACTIVE;
    active.add(e);
    changed.signalAll();
  }

  private static boolean gated(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
  }

  private static int priority(Pod pod) {
    Integer p = pod.getSpec() == null ? null : pod.getSpec().getPriority();
    return p == null ? 0 : p;
  }

  private static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }
}
