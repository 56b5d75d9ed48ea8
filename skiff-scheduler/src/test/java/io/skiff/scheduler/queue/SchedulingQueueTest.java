package io.skiff.scheduler.queue;

import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.Fixtures.ManualClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
  private final ManualClock clock = new ManualClock();
  private final SchedulingQueue queue =
      new SchedulingQueue(clock, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)), Duration.ofMinutes(5));

  private QueuedPod pop() {
    return queue.poll().orElseThrow(() -> new AssertionError("queue had nothing ready"));
  }

  @Test
  void higherPriorityFirstThenOldestFirst() {
    Pod first = pod("first", null, null).build();
    Pod second = pod("second", null, null).build();
    Pod urgent = pod("urgent", null, null).editSpec().withPriority(10).endSpec().build();
    queue.add(first);
    clock.advance(Duration.ofMillis(1));
    queue.add(second);
    clock.advance(Duration.ofMillis(1));
    queue.add(urgent);
    assertThat(pop().pod().getMetadata().getName()).isEqualTo("urgent");
    assertThat(pop().pod().getMetadata().getName()).isEqualTo("first");
    assertThat(pop().pod().getMetadata().getName()).isEqualTo("second");
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void anUnschedulablePodWaitsForAClusterChangeThenItsBackoff() {
    Pod p = pod("p", null, null).build();
    String uid = p.getMetadata().getUid();
    queue.add(p);
    assertThat(pop().attempts()).isEqualTo(1);
    queue.requeueUnschedulable(uid);
    assertThat(queue.stateOf(uid)).isEqualTo(QueueState.UNSCHEDULABLE);
    clock.advance(Duration.ofSeconds(2));
    assertThat(queue.poll()).isEmpty();

    queue.moveAllToActiveOrBackoff();
    assertThat(pop().attempts()).as("backoff of 1 s already over").isEqualTo(2);
    queue.requeueUnschedulable(uid);
    queue.moveAllToActiveOrBackoff();
    assertThat(queue.stateOf(uid)).isEqualTo(QueueState.BACKOFF);
    clock.advance(Duration.ofMillis(1999));
    assertThat(queue.poll()).as("second backoff is 2 s").isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(pop().attempts()).isEqualTo(3);
  }

  @Test
  void aClusterChangeDuringTheAttemptSendsThePodToBackoff() {
    Pod p = pod("p", null, null).build();
    queue.add(p);
    pop();
    queue.moveAllToActiveOrBackoff();
    queue.requeueUnschedulable(p.getMetadata().getUid());
    assertThat(queue.stateOf(p.getMetadata().getUid())).isEqualTo(QueueState.BACKOFF);
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).isPresent();
  }

  @Test
  void unschedulablePodsAreRetriedAfterTheLongTimeoutAnyway() {
    Pod p = pod("p", null, null).build();
    queue.add(p);
    pop();
    queue.requeueUnschedulable(p.getMetadata().getUid());
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(queue.poll()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).isPresent();
  }

  @Test
  void aSpecChangeRetriesAnUnschedulablePodButAStatusChangeDoesNot() {
    Pod p = pod("p", "10", null).build();
    queue.add(p);
    pop();
    queue.requeueUnschedulable(p.getMetadata().getUid());
    clock.advance(Duration.ofSeconds(5));
    queue.update(new PodBuilder(p).editStatus().addNewCondition().withType("PodScheduled").withStatus("False").endCondition()
        .endStatus().build());
    assertThat(queue.poll()).isEmpty();
    Pod smaller = new PodBuilder(p).editSpec().addNewToleration().withKey("x").withOperator("Exists").endToleration().endSpec().build();
    queue.update(smaller);
    assertThat(pop().pod()).isEqualTo(smaller);
  }

  @Test
  void theLatestVersionIsHandedOut() {
    Pod p = pod("p", null, null).build();
    queue.add(p);
    Pod newer = new PodBuilder(p).editMetadata().withResourceVersion("2").endMetadata().build();
    queue.update(newer);
    assertThat(pop().pod().getMetadata().getResourceVersion()).isEqualTo("2");
  }

  @Test
  void aDeletedPodIsForgottenEvenWhileInFlight() {
    Pod a = pod("a", null, null).build();
    Pod b = pod("b", null, null).build();
    queue.add(a);
    queue.add(b);
    queue.delete(b);
    QueuedPod got = pop();
    assertThat(got.pod()).isEqualTo(a);
    queue.delete(a);
    queue.requeueUnschedulable(got.uid());
    queue.moveAllToActiveOrBackoff();
    clock.advance(Duration.ofMinutes(10));
    assertThat(queue.poll()).isEmpty();
    assertThat(queue.stateOf(got.uid())).isEqualTo(QueueState.ABSENT);
  }

  @Test
  void gatedPodsWaitUntilTheirGatesAreRemoved() {
    Pod gated = pod("g", null, null).editSpec().addNewSchedulingGate().withName("example.com/wait").endSchedulingGate().endSpec().build();
    queue.add(gated);
    assertThat(queue.poll()).isEmpty();
    assertThat(queue.stateOf(gated.getMetadata().getUid())).isEqualTo(QueueState.GATED);
    queue.update(new PodBuilder(gated).editSpec().withSchedulingGates().endSpec().build());
    assertThat(queue.poll()).isPresent();
  }

  @Test
  void errorsAreRetriedAfterBackoffWithoutAClusterChange() {
    Pod p = pod("p", null, null).build();
    queue.add(p);
    pop();
    queue.requeueAfterError(p.getMetadata().getUid());
    assertThat(queue.poll()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).isPresent();
  }

  @Test
  void takeWaitsForAPodAndEndsWhenClosed() throws Exception {
    SchedulingQueue real = new SchedulingQueue(java.time.InstantSource.system(),
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)), Duration.ofMinutes(5));
    CompletableFuture<Optional<QueuedPod>> taken = CompletableFuture.supplyAsync(() -> {
      try {
        return real.take();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Pod p = pod("p", null, null).build();
    real.add(p);
    assertThat(taken.get(10, TimeUnit.SECONDS)).map(QueuedPod::pod).contains(p);

    CompletableFuture<Optional<QueuedPod>> afterClose = CompletableFuture.supplyAsync(() -> {
      try {
        return real.take();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    real.close();
    assertThat(afterClose.get(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aNominationMadeInMemorySurvivesUpdatesThatDoNotCarryItYet() {
    Pod p = pod("p", null, null).build();
    String uid = p.getMetadata().getUid();
    queue.add(p);
    queue.nominate(p, "n1");

    queue.update(new PodBuilder(p).editMetadata().addToLabels("seen", "later").endMetadata().build());

    assertThat(queue.nominatedPods().nodeOf(uid)).contains("n1");
    assertThat(queue.nominatedPods().on("n1")).extracting(i -> i.pod().getMetadata().getLabels().get("seen")).containsExactly("later");
  }

  @Test
  void theStatusFieldDecidesOnceAVersionCarriesIt() {
    Pod p = new PodBuilder(pod("p", null, null).build()).editStatus().withNominatedNodeName("n1").endStatus().build();
    String uid = p.getMetadata().getUid();
    queue.add(p);
    assertThat(queue.nominatedPods().nodeOf(uid)).contains("n1");

    queue.update(new PodBuilder(p).editStatus().withNominatedNodeName(null).endStatus().build());

    assertThat(queue.nominatedPods().nodeOf(uid)).isEmpty();
  }

  @Test
  void bindingOrDeletingAPodEndsItsNomination() {
    Pod bound = pod("bound", null, null).build();
    Pod deleted = pod("deleted", null, null).build();
    queue.add(bound);
    queue.add(deleted);
    queue.nominate(bound, "n1");
    queue.nominate(deleted, "n1");

    queue.done(pop().uid());
    queue.delete(deleted);

    assertThat(queue.nominatedPods().isEmpty()).isTrue();
  }
}
