package io.skiff.scheduler.cycle;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.common.SkiffException;
import io.skiff.scheduler.Fixtures.ManualClock;
import io.skiff.scheduler.cache.ClusterCache;
import io.skiff.scheduler.framework.Placer;
import io.skiff.scheduler.plugins.DefaultPlugins;
import io.skiff.scheduler.queue.Backoff;
import io.skiff.scheduler.queue.QueueState;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchedulingCycleTest {
  record Recorded(String pod, SchedulerEvent event, String message) {}

  record Marked(String pod, NotScheduledReason reason, String message) {}

  /** A binder that remembers bindings and can be told to fail. */
  static final class FakeBinder implements Binder {
    final List<String> bindings = new ArrayList<>();
    RuntimeException failure;

    @Override
    public void bind(Pod pod, String nodeName) {
      if (failure != null) {
        throw failure;
      }
      bindings.add(pod.getMetadata().getName() + "->" + nodeName);
    }
  }

  /** A status writer that remembers what it wrote. */
  static final class FakeStatus implements PodStatusWriter {
    final List<Marked> marks = new ArrayList<>();
    final List<String> nominations = new ArrayList<>();

    @Override
    public void markNotScheduled(Pod pod, NotScheduledReason reason, String message) {
      marks.add(new Marked(pod.getMetadata().getName(), reason, message));
    }

    @Override
    public void setNominatedNodeName(Pod pod, String nodeName) {
      nominations.add(pod.getMetadata().getName() + "->" + nodeName);
    }
  }

  private final ManualClock clock = new ManualClock();
  private final ClusterCache cache = new ClusterCache();
  private final SchedulingQueue queue = new SchedulingQueue(clock, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)),
      Duration.ofMinutes(5));
  private final FakeBinder binder = new FakeBinder();
  private final List<Recorded> events = new ArrayList<>();
  private final FakeStatus status = new FakeStatus();
  private final List<Marked> marks = status.marks;
  private final List<String> evicted = new ArrayList<>();
  private final SchedulingCycle cycle = new SchedulingCycle(cache, queue, new Placer(DefaultPlugins.profile(), new SplittableRandom(1)),
      binder, (pod, event, message) -> events.add(new Recorded(pod.getMetadata().getName(), event, message)), status,
      (victim, preemptor, node) -> evicted.add(victim.getMetadata().getName() + "@" + node), Runnable::run);

  private void runNext() {
    cycle.run(queue.poll().orElseThrow(() -> new AssertionError("nothing queued")));
  }

  @Test
  void aFittingPodIsBoundAndScheduledIsRecorded() {
    cache.upsertNode(node("n1", "4", "8Gi", 110).build());
    Pod p = pod("web", "1", "1Gi").build();
    queue.add(p);
    runNext();
    assertThat(binder.bindings).containsExactly("web->n1");
    assertThat(events).containsExactly(new Recorded("web", SchedulerEvent.Scheduled, "Successfully assigned default/web to n1"));
    assertThat(queue.stateOf(p.getMetadata().getUid())).isEqualTo(QueueState.ABSENT);
    assertThat(cache.isCounted(p.getMetadata().getUid())).as("assumed on its node").isTrue();
  }

  @Test
  void theAssumedPodTakesItsRoomBeforeTheInformerCatchesUp() {
    cache.upsertNode(node("n1", "1", "8Gi", 110).build());
    queue.add(pod("a", "600m", null).build());
    queue.add(pod("b", "600m", null).build());
    runNext();
    runNext();
    assertThat(binder.bindings).containsExactly("a->n1");
    assertThat(events.get(1).event()).isEqualTo(SchedulerEvent.FailedScheduling);
    assertThat(events.get(1).message()).startsWith("0/1 nodes are available: 1 Insufficient cpu.");
  }

  @Test
  void aPodThatFitsNowhereIsReportedMarkedAndParked() {
    cache.upsertNode(node("n1", "1", "1Gi", 110).build());
    Pod p = pod("huge", "100m", "2Gi").build();
    queue.add(p);
    runNext();
    String message = "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: "
        + "1 No preemption victims found for incoming pod.";
    assertThat(binder.bindings).isEmpty();
    assertThat(events).containsExactly(new Recorded("huge", SchedulerEvent.FailedScheduling, message));
    assertThat(marks).containsExactly(new Marked("huge", NotScheduledReason.Unschedulable, message));
    assertThat(queue.stateOf(p.getMetadata().getUid())).isEqualTo(QueueState.UNSCHEDULABLE);
  }

  @Test
  void aPodAlreadyBoundOrBeingDeletedIsDropped() {
    cache.upsertNode(node("n1", "4", "8Gi", 110).build());
    queue.add(boundTo(pod("bound", null, null).build(), "n1"));
    queue.add(new PodBuilder(pod("deleting", null, null).build()).editMetadata().withDeletionTimestamp("2025-01-01T00:00:00Z")
        .endMetadata().build());
    runNext();
    runNext();
    assertThat(binder.bindings).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void aBindingConflictDropsThePodQuietly() {
    cache.upsertNode(node("n1", "4", "8Gi", 110).build());
    Pod p = pod("p", null, null).build();
    queue.add(p);
    binder.failure = new SkiffException.Conflict(new SkiffException.Subject("pods", "p"), "pod p is already assigned to node \"n2\"");
    runNext();
    assertThat(events).isEmpty();
    assertThat(queue.stateOf(p.getMetadata().getUid())).isEqualTo(QueueState.ABSENT);
    assertThat(cache.isCounted(p.getMetadata().getUid())).isFalse();
  }

  @Test
  void aFailedBindingIsReportedAndRetriedAfterBackoff() {
    cache.upsertNode(node("n1", "4", "8Gi", 110).build());
    Pod p = pod("p", null, null).build();
    queue.add(p);
    binder.failure = new SkiffException.Unavailable("connection refused", null);
    runNext();
    String message = "binding rejected: running Bind plugin \"DefaultBinder\": connection refused";
    assertThat(events).containsExactly(new Recorded("p", SchedulerEvent.FailedScheduling, message));
    assertThat(marks).containsExactly(new Marked("p", NotScheduledReason.SchedulerError, message));
    assertThat(cache.isCounted(p.getMetadata().getUid())).isFalse();
    assertThat(queue.stateOf(p.getMetadata().getUid())).isEqualTo(QueueState.BACKOFF);
    binder.failure = null;
    clock.advance(Duration.ofSeconds(1));
    runNext();
    assertThat(binder.bindings).containsExactly("p->n1");
  }

  @Test
  void longMessagesAreCutForEventsAsKubernetesDoes() {
    String longText = "x".repeat(2000);
    String cut = SchedulingCycle.truncate(longText);
    assertThat(cut).hasSize(1024).endsWith(" ...");
    assertThat(SchedulingCycle.truncate("short")).isEqualTo("short");
  }

  @Test
  void thePodIsAssumedAtOnceAndBoundLaterOnTheBindingExecutor() {
    List<Runnable> deferred = new ArrayList<>();
    SchedulingCycle async = new SchedulingCycle(cache, queue, new Placer(DefaultPlugins.profile(), new SplittableRandom(1)), binder,
        (pod, event, message) -> events.add(new Recorded(pod.getMetadata().getName(), event, message)), new FakeStatus(),
        (victim, preemptor, node) -> { }, deferred::add);
    cache.upsertNode(node("n1", "1", "8Gi", 110).build());
    queue.add(pod("a", "600m", null).build());
    queue.add(pod("b", "600m", null).build());
    async.run(queue.poll().orElseThrow());
    async.run(queue.poll().orElseThrow());
    assertThat(binder.bindings).as("nothing bound yet").isEmpty();
    assertThat(events).extracting(Recorded::event).as("b already saw a's room taken").containsExactly(SchedulerEvent.FailedScheduling);
    deferred.forEach(Runnable::run);
    assertThat(binder.bindings).containsExactly("a->n1");
    assertThat(events).extracting(Recorded::event).containsExactly(SchedulerEvent.FailedScheduling, SchedulerEvent.Scheduled);
  }

  @Test
  void preemptionEvictsTheVictimsNominatesThePodAndBindsItOnceTheyAreGone() {
    cache.upsertNode(node("n1", "1", "8Gi", 110).build());
    Pod low = boundTo(pod("low", "800m", null).editSpec().withPriority(1).endSpec().build(), "n1");
    cache.upsertPod(low);
    Pod high = pod("high", "500m", null).editSpec().withPriority(1000).endSpec().build();
    queue.add(high);

    runNext();

    assertThat(evicted).containsExactly("low@n1");
    assertThat(events).containsExactly(
        new Recorded("low", SchedulerEvent.Preempted, "Preempted by pod " + high.getMetadata().getUid() + " on node n1"),
        new Recorded("high", SchedulerEvent.FailedScheduling, "0/1 nodes are available: 1 Insufficient cpu."));
    assertThat(status.nominations).containsExactly("high->n1");
    assertThat(queue.nominatedPods().nodeOf(high.getMetadata().getUid())).contains("n1");
    assertThat(binder.bindings).isEmpty();

    cache.removePod(low);
    queue.moveAllToActiveOrBackoff();
    clock.advance(Duration.ofSeconds(1));
    runNext();

    assertThat(binder.bindings).containsExactly("high->n1");
    assertThat(queue.nominatedPods().isEmpty()).isTrue();
  }

  @Test
  void aLowerPriorityPodCannotTakeTheRoomReservedForANominatedPod() {
    cache.upsertNode(node("n1", "1", "8Gi", 110).build());
    Pod high = new PodBuilder(pod("high", "800m", null).editSpec().withPriority(1000).endSpec().build())
        .editStatus().withNominatedNodeName("n1").endStatus().build();
    queue.add(high);
    queue.add(pod("small", "500m", null).editSpec().withPriority(5).endSpec().build());
    queue.poll().orElseThrow();

    runNext();

    assertThat(binder.bindings).isEmpty();
    assertThat(events).extracting(Recorded::message).containsExactly("0/1 nodes are available: 1 Insufficient cpu. preemption: "
        + "0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  }

  @Test
  void aPodWaitingForItsVictimsToTerminateDoesNotPreemptAgain() {
    cache.upsertNode(node("n1", "1", "8Gi", 110).build());
    Pod terminating = new PodBuilder(boundTo(pod("low", "800m", null).editSpec().withPriority(1).endSpec().build(), "n1"))
        .editMetadata().withDeletionTimestamp("2025-01-01T00:00:30Z").endMetadata()
        .editStatus().addNewCondition().withType("DisruptionTarget").withStatus("True").withReason("PreemptionByScheduler").endCondition()
        .endStatus().build();
    cache.upsertPod(terminating);
    Pod high = new PodBuilder(pod("high", "500m", null).editSpec().withPriority(1000).endSpec().build())
        .editStatus().withNominatedNodeName("n1").endStatus().build();
    queue.add(high);

    runNext();

    assertThat(evicted).isEmpty();
    assertThat(events).extracting(Recorded::message).containsExactly(
        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.");
    assertThat(queue.nominatedPods().nodeOf(high.getMetadata().getUid())).contains("n1");
  }
}
