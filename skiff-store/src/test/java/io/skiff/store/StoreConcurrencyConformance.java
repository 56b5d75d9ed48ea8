package io.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The concurrent and durability parts of the {@link StoreConformance} suite. */
public abstract class StoreConcurrencyConformance extends StoreConformanceSupport {

  @Test
  void concurrentCompareAndSwapWritersLoseNoUpdate() throws Exception {
    int writers = 20;
    int incrementsEach = 5;
    ok(create("counter", "0"));
    ConcurrentLinkedQueue<Long> okRevisions = new ConcurrentLinkedQueue<>();
    AtomicInteger conflicts = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < incrementsEach; ) {
            KeyValue seen = store.get(key("counter")).orElseThrow();
            int next = Integer.parseInt(text(seen.value())) + 1;
            switch (store.update(key("counter"), bytes(Integer.toString(next)), seen.modRevision())) {
              case WriteResult.Ok(KeyValue written) -> {
                okRevisions.add(written.modRevision());
                i++;
              }
              case WriteResult.Conflict(var current) -> {
                assertThat(current).isPresent();
                assertThat(current.get().modRevision()).isGreaterThan(seen.modRevision());
                conflicts.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    KeyValue end = store.get(key("counter")).orElseThrow();
    assertThat(text(end.value())).isEqualTo(Integer.toString(writers * incrementsEach));
    assertThat(okRevisions).hasSize(writers * incrementsEach).doesNotHaveDuplicates();
    assertThat(end.modRevision()).isEqualTo(okRevisions.stream().mapToLong(Long::longValue).max().orElseThrow());
  }

  @Test
  void ofConcurrentUpdatesWithTheSameRevisionExactlyOneWinsAndTheOthersSeeTheWinner() throws Exception {
    int writers = 20;
    KeyValue base = ok(create("k", "base"));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<WriteResult>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        String value = "writer-" + w;
        results.add(pool.submit(() -> {
          go.await();
          return store.update(key("k"), bytes(value), base.modRevision());
        }));
      }
      go.countDown();
    }
    List<KeyValue> winners = new ArrayList<>();
    List<KeyValue> seenByLosers = new ArrayList<>();
    for (Future<WriteResult> f : results) {
      switch (f.get()) {
        case WriteResult.Ok(KeyValue kv) -> winners.add(kv);
        case WriteResult.Conflict(var current) -> seenByLosers.add(current.orElseThrow());
      }
    }
    assertThat(winners).hasSize(1);
    assertThat(seenByLosers).hasSize(writers - 1).extracting(StoreConformanceSupport::version).containsOnly(version(winners.getFirst()));
  }

  @Test
  void concurrentCreatesOfOneKeyHaveExactlyOneWinner() throws Exception {
    int writers = 10;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<WriteResult>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        String value = "writer-" + w;
        results.add(pool.submit(() -> {
          go.await();
          return create("one", value);
        }));
      }
      go.countDown();
    }
    long wins = 0;
    for (Future<WriteResult> f : results) {
      wins += f.get() instanceof WriteResult.Ok ? 1 : 0;
    }
    assertThat(wins).isEqualTo(1);
  }

  @Test
  void concurrentCreatesOfDistinctKeysGetDistinctRevisionsAndAWatchSeesEachOnceInOrder() throws Exception {
    int writers = 8;
    int createsEach = 25;
    long start = store.currentRevision();
    ConcurrentLinkedQueue<Long> revisions = new ConcurrentLinkedQueue<>();
    Watch watch;
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < createsEach; i++) {
            revisions.add(ok(create("c/" + writer + "-" + i, "v")).modRevision());
          }
          return null;
        }));
      }
      Await.until("a few creates", Duration.ofSeconds(30), () -> revisions.size() >= writers);
      watch = store.watch(key("c/"), start);
    }
    for (Future<?> f : done) {
      f.get();
    }
    try (watch) {
      assertThat(revisions).hasSize(writers * createsEach).doesNotHaveDuplicates();
      List<WatchEvent> events = take(watch, writers * createsEach);
      assertThat(events).extracting(WatchEvent::revision).isSorted().doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(revisions);
      assertThat(events).extracting(WatchEvent::type).containsOnly(WatchEvent.Type.CREATED);
      assertNoMoreEvents(watch);
    }
  }

  @Test
  void acknowledgedWritesSurviveAReopen() {
    KeyValue a = ok(create("p/a", "1"));
    KeyValue a2 = ok(update("p/a", "2", a.modRevision()));
    KeyValue b = ok(create("p/b", "1"));
    ok(create("p/c", "1"));
    ok(store.delete(key("p/c"), 0));
    long before = store.currentRevision();
    reopenStore();
    assertThat(store.currentRevision()).isEqualTo(before);
    assertThat(store.list(key("p/"), 0, 0, null).items()).extracting(StoreConformanceSupport::version)
        .containsExactly(version(a2), version(b));
    assertThat(store.list(key("p/"), a.modRevision(), 0, null).items()).extracting(StoreConformanceSupport::version)
        .containsExactly(version(a));
  }

  @Test
  void revisionsKeepIncreasingAfterAReopenEvenWhenTheNewestWriteWasCompactedAway() {
    ok(create("a", "1"));
    KeyValue deleted = ok(store.delete(key("a"), 0));
    store.compact(deleted.modRevision());
    reopenStore();
    assertThat(store.currentRevision()).isGreaterThanOrEqualTo(deleted.modRevision());
    assertThat(ok(create("a", "again")).modRevision()).isGreaterThan(deleted.modRevision());
  }

  @Test
  void theCompactionPointSurvivesAReopen() {
    KeyValue a = ok(create("a", "1"));
    ok(update("a", "2", a.modRevision()));
    long point = store.currentRevision();
    store.compact(point);
    reopenStore();
    assertThat(store.compactedRevision()).isEqualTo(point);
    assertThatThrownBy(() -> store.list(key(""), a.modRevision(), 0, null)).isInstanceOf(CompactedException.class);
  }
}
