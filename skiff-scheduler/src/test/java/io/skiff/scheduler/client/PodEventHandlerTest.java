package io.skiff.scheduler.client;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.Fixtures.ManualClock;
import io.skiff.scheduler.cache.ClusterCache;
import io.skiff.scheduler.queue.Backoff;
import io.skiff.scheduler.queue.QueueState;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PodEventHandlerTest {
  private final ClusterCache cache = new ClusterCache();
  private final ManualClock clock = new ManualClock();
  private final SchedulingQueue queue = new SchedulingQueue(clock, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)),
      Duration.ofMinutes(5));
  private final PodEventHandler handler = new PodEventHandler(cache, queue, "default-scheduler");

  @Test
  void pendingPodsForThisSchedulerAreQueued() {
    Pod mine = pod("mine", null, null).build();
    Pod unset = pod("unset", null, null).editSpec().withSchedulerName(null).endSpec().build();
    Pod other = pod("other", null, null).editSpec().withSchedulerName("my-scheduler").endSpec().build();
    handler.onAdd(mine);
    handler.onAdd(unset);
    handler.onAdd(other);
    assertThat(queue.stateOf(mine.getMetadata().getUid())).isEqualTo(QueueState.ACTIVE);
    assertThat(queue.stateOf(unset.getMetadata().getUid())).isEqualTo(QueueState.ACTIVE);
    assertThat(queue.stateOf(other.getMetadata().getUid())).isEqualTo(QueueState.ABSENT);
  }

  @Test
  void boundPodsGoToTheCacheAndLeaveTheQueue() {
    cache.upsertNode(node("n", "4", "8Gi", 110).build());
    Pod p = pod("p", "1", null).build();
    handler.onAdd(p);
    handler.onUpdate(p, boundTo(p, "n"));
    assertThat(queue.stateOf(p.getMetadata().getUid())).isEqualTo(QueueState.ABSENT);
    assertThat(cache.snapshot().nodes().get(0).requested().milliCpu()).isEqualTo(1000);
  }

  @Test
  void aPodBeingDeletedLeavesTheQueue() {
    Pod p = pod("p", null, null).build();
    handler.onAdd(p);
    handler.onUpdate(p, new PodBuilder(p).editMetadata().withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata().build());
    assertThat(queue.stateOf(p.getMetadata().getUid())).isEqualTo(QueueState.ABSENT);
  }

  @Test
  void aBoundPodThatFinishesRetriesUnschedulablePods() {
    Pod waiting = parkedUnschedulable();
    Pod running = boundTo(pod("running", null, null).build(), "n");
    handler.onAdd(running);
    assertThat(queue.stateOf(waiting.getMetadata().getUid())).as("adding a bound pod frees nothing").isEqualTo(QueueState.UNSCHEDULABLE);
    handler.onUpdate(running, new PodBuilder(running).editStatus().withPhase("Succeeded").endStatus().build());
    assertThat(queue.stateOf(waiting.getMetadata().getUid())).isEqualTo(QueueState.BACKOFF);
  }

  @Test
  void aBoundPodThatIsDeletedRetriesUnschedulablePods() {
    Pod waiting = parkedUnschedulable();
    handler.onDelete(pod("pending-other", null, null).build(), false);
    assertThat(queue.stateOf(waiting.getMetadata().getUid())).as("an unbound pod frees nothing").isEqualTo(QueueState.UNSCHEDULABLE);
    handler.onDelete(boundTo(pod("other", null, null).build(), "n"), false);
    assertThat(queue.stateOf(waiting.getMetadata().getUid())).isEqualTo(QueueState.BACKOFF);
  }

  private Pod parkedUnschedulable() {
    Pod waiting = pod("waiting", null, null).build();
    handler.onAdd(waiting);
    assertThat(queue.poll()).isPresent();
    queue.requeueUnschedulable(waiting.getMetadata().getUid());
    assertThat(queue.stateOf(waiting.getMetadata().getUid())).isEqualTo(QueueState.UNSCHEDULABLE);
    return waiting;
  }
}
