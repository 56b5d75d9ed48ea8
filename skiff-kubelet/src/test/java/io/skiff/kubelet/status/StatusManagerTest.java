package io.skiff.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.skiff.kubelet.api.PodStatusWriter;
import io.skiff.kubelet.startup.PodStartupTracker;
import io.skiff.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusManagerTest {
  private static final Pod POD = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("u1").endMetadata().build();

  /** Records writes; the first {@code failures} writes throw; each write can be held until released. */
  private static final class RecordingWriter implements PodStatusWriter {
    final List<String> writes = new CopyOnWriteArrayList<>();
    final List<String> deletes = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch firstEntered = new CountDownLatch(1);

    @Override
    public void writeStatus(String namespace, String name, PodStatus status) {
      firstEntered.countDown();
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("API down");
      }
      writes.add(status.getPhase());
    }

    @Override
    public void deleteFinally(String namespace, String name, String uid) {
      deletes.add(uid + " after " + writes);
    }
  }

  private static PodStatus phase(String p) {
    return new PodStatusBuilder().withPhase(p).build();
  }

  @Test
  void updateReturnsAtOnceAndTheWriterSendsTheStatus() {
    RecordingWriter w = new RecordingWriter();
    w.gate = new CountDownLatch(1);
    StatusManager m = new StatusManager(w, Duration.ofMillis(10));
    assertThat(m.update(POD, phase("Pending"))).isTrue();
    assertThat(m.find("u1")).contains(phase("Pending"));
    assertThat(w.writes).isEmpty();
    w.gate.countDown();
    Await.until("status written", Duration.ofSeconds(5), () -> w.writes.equals(List.of("Pending")));
  }

  @Test
  void statusesTakenDuringAWriteAreCoalescedIntoTheNewest() throws Exception {
    RecordingWriter w = new RecordingWriter();
    w.gate = new CountDownLatch(1);
    StatusManager m = new StatusManager(w, Duration.ofMillis(10));
    m.update(POD, phase("Pending"));
    assertThat(w.firstEntered.await(5, TimeUnit.SECONDS)).isTrue();
    m.update(POD, phase("Running"));
    m.update(POD, phase("Succeeded"));
    w.gate.countDown();
    m.flush(Duration.ofSeconds(5));
    assertThat(w.writes).containsExactly("Pending", "Succeeded");
  }

  @Test
  void anUnchangedStatusIsNotWrittenAgain() {
    RecordingWriter w = new RecordingWriter();
    StatusManager m = new StatusManager(w, Duration.ofMillis(10));
    assertThat(m.update(POD, phase("Running"))).isTrue();
    m.flush(Duration.ofSeconds(5));
    assertThat(m.update(POD, phase("Running"))).isFalse();
    m.flush(Duration.ofSeconds(5));
    assertThat(w.writes).containsExactly("Running");
  }

  @Test
  void aFailedWriteIsRetriedByTheWriter() {
    RecordingWriter w = new RecordingWriter();
    w.failures.set(2);
    StatusManager m = new StatusManager(w, Duration.ofMillis(10));
    m.update(POD, phase("Running"));
    Await.until("status written after two failures", Duration.ofSeconds(5), () -> w.writes.equals(List.of("Running")));
  }

  @Test
  void theFinalDeleteWaitsForTheLastStatus() throws Exception {
    RecordingWriter w = new RecordingWriter();
    w.gate = new CountDownLatch(1);
    StatusManager m = new StatusManager(w, Duration.ofMillis(10));
    m.update(POD, phase("Failed"));
    assertThat(w.firstEntered.await(5, TimeUnit.SECONDS)).isTrue();
    Thread deleter = Thread.ofVirtual().start(() -> m.deleteFinally(POD));
    assertThat(deleter.join(Duration.ofMillis(200))).isFalse();
    w.gate.countDown();
    assertThat(deleter.join(Duration.ofSeconds(5))).isTrue();
    assertThat(w.deletes).containsExactly("u1 after [Failed]");
  }

  @Test
  void aForgottenPodGetsNoMoreWrites() {
    RecordingWriter w = new RecordingWriter();
    w.failures.set(Integer.MAX_VALUE);
    StatusManager m = new StatusManager(w, Duration.ofMillis(10));
    m.update(POD, phase("Running"));
    m.forget("u1");
    m.flush(Duration.ofSeconds(5));
    assertThat(m.find("u1")).isEmpty();
    assertThat(w.writes).isEmpty();
  }

  @Test
  void theStartupTrackerSeesEachStatusTakenAndWhenItsPatchWasSentAndAnswered() {
    List<PodStartupTracker.Observed> observed = new CopyOnWriteArrayList<>();
    PodStartupTracker tracker = PodStartupTracker.reportingTo(java.time.Clock.systemUTC(), observed::add);
    RecordingWriter w = new RecordingWriter();
    StatusManager m = new StatusManager(w, Duration.ofMillis(10), tracker);
    tracker.observedOnWatch(POD);
    PodStatus running = new PodStatusBuilder().withPhase("Running").addNewContainerStatus().withName("c").withNewState().withNewRunning()
        .withStartedAt("2026-11-28T10:00:00Z").endRunning().endState().endContainerStatus().build();
    m.update(POD, running);
    m.flush(Duration.ofSeconds(10));
    tracker.observedOnWatch(new PodBuilder(POD).withStatus(running).build());

    assertThat(observed).hasSize(1);
    assertThat(observed.get(0).steps()).containsSubsequence("informerAdded", "statusHanded(Running)", "patchSent(Running)",
        "patchAnswered(Running)", "watchObservedRunning");
  }
}
