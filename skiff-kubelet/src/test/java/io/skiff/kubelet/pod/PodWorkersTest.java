package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodWorkersTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Records calls; a sync can be held until released, and can report the pod finished. */
  static final class RecordingSyncer implements PodSyncer {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile boolean finish;

    @Override
    public SyncOutcome syncPod(Pod pod, PodState state) {
      int now = concurrent.incrementAndGet();
      maxConcurrent.accumulateAndGet(now, Math::max);
      try {
        calls.add("sync " + pod.getMetadata().getUid() + " " + pod.getMetadata().getResourceVersion());
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        concurrent.decrementAndGet();
      }
      return finish ? new SyncOutcome.Finished("Succeeded") : new SyncOutcome.Continue(Duration.ofMinutes(10));
    }

    @Override
    public void syncTerminatingPod(Pod pod, PodState state, Duration grace, boolean inApi) {
      calls.add("terminating " + pod.getMetadata().getUid() + " grace=" + grace.toSeconds() + " inApi=" + inApi);
    }

    @Override
    public void syncTerminatedPod(Pod pod, boolean completeDeletion) {
      calls.add("terminated " + pod.getMetadata().getUid() + " delete=" + completeDeletion);
    }

    @Override
    public void cleanUp(String uid, String namespace, String name) {
      calls.add("cleanup " + uid);
    }
  }

  private final RecordingSyncer syncer = new RecordingSyncer();
  private final PodWorkers workers = new PodWorkers(syncer, Duration.ofSeconds(1));

  @AfterEach
  void close() {
    syncer.hold.countDown();
    workers.close();
  }

  static Pod pod(String uid, String rv) {
    return new PodBuilder().withNewMetadata().withName("p-" + uid).withNamespace("default").withUid(uid).withResourceVersion(rv).endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(7L).endSpec().build();
  }

  static Pod deleting(String uid, String rv, long grace) {
    return new PodBuilder(pod(uid, rv)).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").withDeletionGracePeriodSeconds(grace)
        .endMetadata().build();
  }

  @Test
  void oneSyncPerPodAtATimeAndTheLatestUpdateWins() {
    syncer.hold = new CountDownLatch(1);
    workers.update(pod("a", "1"));
    Await.until("the first sync to start", WAIT, () -> syncer.calls.contains("sync a 1"));
    workers.update(pod("a", "2"));
    workers.update(pod("a", "3"));
    workers.update(pod("a", "4"));
    syncer.hold.countDown();
    Await.until("the latest update to be synced", WAIT, () -> syncer.calls.contains("sync a 4"));
    assertThat(syncer.calls).doesNotContain("sync a 2", "sync a 3");
    assertThat(syncer.maxConcurrent.get()).isEqualTo(1);
  }

  @Test
  void differentPodsSyncInParallel() {
    syncer.hold = new CountDownLatch(1);
    workers.update(pod("a", "1"));
    workers.update(pod("b", "1"));
    Await.until("both pods to be in a sync at once", WAIT, () -> syncer.concurrent.get() == 2);
  }

  @Test
  void aDeletedPodIsTerminatedThenCleanedUpAndDeletedForGood() {
    workers.update(pod("a", "1"));
    Await.until("the first sync", WAIT, () -> syncer.calls.contains("sync a 1"));
    workers.update(deleting("a", "2", 3));
    Await.until("the clean-up", WAIT, () -> syncer.calls.contains("terminated a delete=true"));
    assertThat(syncer.calls).containsSubsequence("sync a 1", "terminating a grace=3 inApi=true", "terminated a delete=true");
    Await.until("the worker to end", WAIT, () -> workers.phase("a").isEmpty());
    workers.update(deleting("a", "3", 3));
    assertThat(workers.phase("a")).isEmpty();
    assertThat(workers.knows("a")).isTrue();
  }

  @Test
  void aFinishedPodStopsButWaitsForItsDeletionBeforeCleaningUp() {
    syncer.finish = true;
    workers.update(pod("a", "1"));
    Await.until("the pod to be stopped", WAIT, () -> workers.phase("a").orElse(null) == WorkerPhase.TERMINATED);
    assertThat(syncer.calls).containsExactly("sync a 1", "terminating a grace=7 inApi=true");
    workers.removed(pod("a", "2"));
    Await.until("the clean-up", WAIT, () -> syncer.calls.contains("terminated a delete=false"));
  }

  @Test
  void aPodRemovedFromTheApiIsStoppedWithoutWritingToTheApi() {
    workers.update(pod("a", "1"));
    Await.until("the first sync", WAIT, () -> syncer.calls.contains("sync a 1"));
    workers.removed(deleting("a", "2", 0));
    Await.until("the clean-up", WAIT, () -> syncer.calls.contains("terminated a delete=false"));
    assertThat(syncer.calls).contains("terminating a grace=0 inApi=false");
  }

  @Test
  void statusOnlyChangesDoNotTriggerASync() {
    Pod before = pod("a", "1");
    Pod statusOnly = new PodBuilder(before).editMetadata().withResourceVersion("2").endMetadata().withNewStatus().withPhase("Running").endStatus()
        .build();
    Pod labelled = new PodBuilder(before).editMetadata().addToLabels("x", "y").endMetadata().build();
    assertThat(PodWorkers.significantChange(before, statusOnly)).isFalse();
    assertThat(PodWorkers.significantChange(before, labelled)).isTrue();
    assertThat(PodWorkers.significantChange(before, deleting("a", "3", 30))).isTrue();
  }
}
