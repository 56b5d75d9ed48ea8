package io.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.store.WatchEvent.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract as tests; every implementation extends this (through {@link StoreConformanceSupport}
 * for the fixture and helpers, and {@link StoreConcurrencyConformance} for the concurrent and durability cases).
 * The tests use only the SPI and keep their keys under a per-test prefix, so they can run against a shared backend
 * such as etcd.
 */
public abstract class StoreConformance extends StoreConcurrencyConformance {

  @Test
  void createThenGetReturnsTheValueAtTheCreateRevision() {
    KeyValue created = ok(create("a", "one"));
    assertThat(created.createRevision()).isEqualTo(created.modRevision());
    assertThat(version(store.get(key("a")).orElseThrow())).isEqualTo(new Version(key("a"), "one", created.modRevision(), created.modRevision()));
  }

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertThat(store.get(key("missing"))).isEmpty();
  }

  @Test
  void valuesRoundTripByteForByte() {
    byte[] binary = {0, 1, (byte) 0xff, 0, 42, (byte) 0x80};
    ok(store.create(key("bin"), binary));
    ok(store.create(key("empty"), new byte[0]));
    assertThat(store.get(key("bin")).orElseThrow().value()).containsExactly(binary);
    assertThat(store.get(key("empty")).orElseThrow().value()).isEmpty();
  }

  @Test
  void createOfAnExistingKeyConflictsWithTheCurrentValue() {
    KeyValue first = ok(create("a", "one"));
    Optional<KeyValue> current = conflict(create("a", "two"));
    assertThat(current.map(StoreConformanceSupport::version)).contains(version(first));
    assertThat(text(store.get(key("a")).orElseThrow().value())).isEqualTo("one");
  }

  @Test
  void updateWithTheCurrentRevisionReplacesTheValueAndKeepsTheCreateRevision() {
    KeyValue first = ok(create("a", "one"));
    KeyValue second = ok(update("a", "two", first.modRevision()));
    assertThat(second.modRevision()).isGreaterThan(first.modRevision());
    assertThat(version(second)).isEqualTo(new Version(key("a"), "two", first.createRevision(), second.modRevision()));
    assertThat(version(store.get(key("a")).orElseThrow())).isEqualTo(version(second));
  }

  @Test
  void updateWithAStaleRevisionConflictsWithTheCurrentValue() {
    KeyValue first = ok(create("a", "one"));
    KeyValue second = ok(update("a", "two", first.modRevision()));
    Optional<KeyValue> current = conflict(update("a", "three", first.modRevision()));
    assertThat(current.map(StoreConformanceSupport::version)).contains(version(second));
    assertThat(text(store.get(key("a")).orElseThrow().value())).isEqualTo("two");
  }

  @Test
  void updateOfAMissingKeyConflictsWithNothing() {
    assertThat(conflict(update("missing", "x", 1))).isEmpty();
    assertThat(store.get(key("missing"))).isEmpty();
  }

  @Test
  void deleteWithRevisionZeroDeletesWhateverIsThere() {
    KeyValue first = ok(create("a", "one"));
    KeyValue second = ok(update("a", "two", first.modRevision()));
    KeyValue deleted = ok(store.delete(key("a"), 0));
    assertThat(version(deleted)).isEqualTo(new Version(key("a"), "two", first.createRevision(), deleted.modRevision()));
    assertThat(deleted.modRevision()).isGreaterThan(second.modRevision());
    assertThat(store.get(key("a"))).isEmpty();
  }

  @Test
  void deleteWithTheCurrentRevisionDeletesAndCarriesTheLastValueAtTheDeleteRevision() {
    KeyValue first = ok(create("a", "one"));
    KeyValue deleted = ok(store.delete(key("a"), first.modRevision()));
    assertThat(version(deleted)).isEqualTo(new Version(key("a"), "one", first.createRevision(), deleted.modRevision()));
    assertThat(deleted.modRevision()).isEqualTo(store.currentRevision());
    assertThat(store.get(key("a"))).isEmpty();
  }

  @Test
  void deleteWithAStaleRevisionConflictsAndKeepsTheKey() {
    KeyValue first = ok(create("a", "one"));
    KeyValue second = ok(update("a", "two", first.modRevision()));
    assertThat(conflict(store.delete(key("a"), first.modRevision())).map(StoreConformanceSupport::version)).contains(version(second));
    assertThat(store.get(key("a")).map(StoreConformanceSupport::version)).contains(version(second));
  }

  @Test
  void deleteOfAMissingKeyConflictsWithNothing() {
    assertThat(conflict(store.delete(key("missing"), 0))).isEmpty();
  }

  @Test
  void createAfterDeleteStartsANewIncarnation() {
    KeyValue first = ok(create("a", "one"));
    ok(store.delete(key("a"), 0));
    KeyValue again = ok(create("a", "two"));
    assertThat(again.createRevision()).isEqualTo(again.modRevision()).isGreaterThan(first.createRevision());
    assertThat(conflict(update("a", "three", first.modRevision())).map(KeyValue::modRevision)).contains(again.modRevision());
  }

  @Test
  void revisionsStrictlyIncreaseAcrossKeysAndCurrentRevisionFollowsTheNewestWrite() {
    long before = store.currentRevision();
    List<Long> revisions = new ArrayList<>();
    KeyValue a = ok(create("a", "1"));
    revisions.add(a.modRevision());
    revisions.add(ok(create("b", "1")).modRevision());
    revisions.add(ok(update("a", "2", a.modRevision())).modRevision());
    revisions.add(ok(store.delete(key("b"), 0)).modRevision());
    revisions.add(ok(create("c", "1")).modRevision());
    assertThat(revisions.getFirst()).isGreaterThan(before);
    assertThat(revisions).isSorted().doesNotHaveDuplicates();
    assertThat(store.currentRevision()).isEqualTo(revisions.getLast());
  }

  @Test
  void failedConditionsDoNotAdvanceTheRevision() {
    KeyValue a = ok(create("a", "1"));
    ok(update("a", "2", a.modRevision()));
    long before = store.currentRevision();
    conflict(create("a", "x"));
    conflict(update("a", "x", a.modRevision()));
    conflict(update("missing", "x", 1));
    conflict(store.delete(key("a"), a.modRevision()));
    conflict(store.delete(key("missing"), 0));
    assertThat(store.currentRevision()).isEqualTo(before);
  }

  @Test
  void listReturnsOnlyKeysUnderThePrefixInKeyOrder() {
    for (String name : List.of("p/c", "p/a", "pz", "p/b/x", "o/a", "p/b")) {
      ok(create(name, name));
    }
    ok(store.delete(key("p/b"), 0));
    ListResult result = store.list(key("p/"), 0, 0, null);
    assertThat(result.items()).extracting(KeyValue::key).containsExactly(key("p/a"), key("p/b/x"), key("p/c"));
    assertThat(result.items()).extracting(kv -> text(kv.value())).containsExactly("p/a", "p/b/x", "p/c");
    assertThat(result.more()).isFalse();
    assertThat(result.revision()).isEqualTo(store.currentRevision());
  }

  @Test
  void keysAreOrderedByCodePointLikeTheirUtf8Bytes() {
    ok(create("r/\uD83D\uDE00", "emoji"));
    ok(create("r/\uFFFD", "replacement"));
    ok(create("r/z", "ascii"));
    ok(create("r0", "outside"));
    assertThat(names(store.list(key("r/"), 0, 0, null))).containsExactly("r/z", "r/\uFFFD", "r/\uD83D\uDE00");
    assertThat(names(store.list(key("r/"), 0, 0, key("r/\uFFFD")))).containsExactly("r/\uD83D\uDE00");
  }

  @Test
  void listPagesWithLimitAndStartAfterAndSaysWhetherMoreFollow() {
    for (String name : List.of("p/1", "p/2", "p/3", "p/4", "p/5")) {
      ok(create(name, name));
    }
    ok(create("q", "outside"));
    ListResult first = store.list(key("p/"), 0, 2, null);
    assertThat(names(first)).containsExactly("p/1", "p/2");
    assertThat(first.more()).isTrue();
    ListResult second = store.list(key("p/"), first.revision(), 2, key("p/2"));
    assertThat(names(second)).containsExactly("p/3", "p/4");
    assertThat(second.more()).isTrue();
    ListResult last = store.list(key("p/"), first.revision(), 2, key("p/4"));
    assertThat(names(last)).containsExactly("p/5");
    assertThat(last.more()).isFalse();
    assertThat(List.of(second.revision(), last.revision())).containsOnly(first.revision());
  }

  @Test
  void aPageThatEndsExactlyAtTheLastKeySaysNoMore() {
    ok(create("p/1", "1"));
    ok(create("p/2", "2"));
    ListResult page = store.list(key("p/"), 0, 2, null);
    assertThat(names(page)).containsExactly("p/1", "p/2");
    assertThat(page.more()).isFalse();
    ListResult after = store.list(key("p/"), 0, 2, key("p/2"));
    assertThat(after.items()).isEmpty();
    assertThat(after.more()).isFalse();
  }

  @Test
  void listAtAnOlderRevisionSeesTheStateOfThatRevision() {
    KeyValue a = ok(create("p/a", "a1"));
    ok(create("p/b", "b1"));
    long then = store.currentRevision();
    ok(update("p/a", "a2", a.modRevision()));
    ok(store.delete(key("p/b"), 0));
    ok(create("p/c", "c1"));
    ListResult old = store.list(key("p/"), then, 0, null);
    assertThat(old.revision()).isEqualTo(then);
    assertThat(old.items()).extracting(kv -> kv.key() + "=" + text(kv.value())).containsExactly(key("p/a") + "=a1", key("p/b") + "=b1");
    assertThat(names(store.list(key("p/"), 0, 0, null))).containsExactly("p/a", "p/c");
  }

  @Test
  void laterPagesReadAtTheFirstPageRevisionIgnoreWritesInBetween() {
    for (String name : List.of("p/1", "p/2", "p/3", "p/4")) {
      ok(create(name, "old"));
    }
    ListResult first = store.list(key("p/"), 0, 2, null);
    KeyValue three = store.get(key("p/3")).orElseThrow();
    ok(update("p/3", "new", three.modRevision()));
    ok(store.delete(key("p/4"), 0));
    ok(create("p/5", "new"));
    ListResult rest = store.list(key("p/"), first.revision(), 0, key("p/2"));
    assertThat(rest.items()).extracting(kv -> kv.key() + "=" + text(kv.value())).containsExactly(key("p/3") + "=old", key("p/4") + "=old");
    assertThat(rest.revision()).isEqualTo(first.revision());
  }

  @Test
  void listAboveTheCurrentRevisionIsABadRequest() {
    ok(create("a", "1"));
    assertThatThrownBy(() -> store.list(key(""), store.currentRevision() + 1000, 0, null)).isInstanceOf(SkiffException.BadRequest.class);
  }

  @Test
  void countCountsTheLiveKeysUnderThePrefix() {
    for (String name : List.of("p/a", "p/b", "p/c", "q/a")) {
      ok(create(name, name));
    }
    ok(store.delete(key("p/b"), 0));
    assertThat(store.count(key("p/"))).isEqualTo(2);
    assertThat(store.count(key("none/"))).isZero();
  }

  @Test
  void watchDeliversEveryLaterChangeUnderItsPrefixInOrderExactlyOnce() throws InterruptedException {
    ok(create("w/before", "x"));
    try (Watch watch = store.watch(key("w/"), store.currentRevision())) {
      KeyValue a1 = ok(create("w/a", "1"));
      ok(create("elsewhere", "x"));
      KeyValue a2 = ok(update("w/a", "2", a1.modRevision()));
      KeyValue b = ok(create("w/b", "3"));
      KeyValue gone = ok(store.delete(key("w/a"), 0));
      List<WatchEvent> events = take(watch, 4);
      assertThat(events).extracting(WatchEvent::type).containsExactly(Type.CREATED, Type.UPDATED, Type.CREATED, Type.DELETED);
      assertThat(events).extracting(e -> version(e.kv())).containsExactly(version(a1), version(a2), version(b), version(gone));
      assertThat(version(events.getLast().kv())).isEqualTo(new Version(key("w/a"), "2", a1.createRevision(), gone.modRevision()));
      assertNoMoreEvents(watch);
    }
  }

  @Test
  void watchFromAnOlderRevisionReplaysHistoryThenContinuesLiveWithoutGapsOrDuplicates() throws InterruptedException {
    long start = store.currentRevision();
    List<Long> written = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      written.add(ok(create("w/" + i, "v")).modRevision());
    }
    try (Watch watch = store.watch(key("w/"), start)) {
      List<WatchEvent> seen = new ArrayList<>(take(watch, 10));
      for (int i = 0; i < 20; i++) {
        KeyValue current = store.get(key("w/" + i)).orElseThrow();
        written.add(ok(update("w/" + i, "v2", current.modRevision())).modRevision());
      }
      seen.addAll(take(watch, 50));
      assertThat(seen).extracting(WatchEvent::revision).containsExactlyElementsOf(written);
      assertNoMoreEvents(watch);
    }
  }

  @Test
  void watchAfterARevisionSkipsChangesAtOrBeforeIt() throws InterruptedException {
    ok(create("w/a", "1"));
    KeyValue b = ok(create("w/b", "1"));
    KeyValue c = ok(create("w/c", "1"));
    try (Watch watch = store.watch(key("w/"), b.modRevision())) {
      assertThat(take(watch, 1)).extracting(WatchEvent::revision).containsExactly(c.modRevision());
      assertNoMoreEvents(watch);
    }
  }

  @Test
  void aClosedWatchReturnsEmptyAtOnce() throws InterruptedException {
    Watch watch = store.watch(key("w/"), store.currentRevision());
    ok(create("w/a", "1"));
    watch.close();
    assertThat(watch.isClosed()).isTrue();
    assertThat(watch.poll(Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void closingTheStoreClosesItsWatches() throws InterruptedException {
    Watch watch = store.watch(key("w/"), store.currentRevision());
    store.close();
    assertThat(watch.isClosed()).isTrue();
    assertThat(watch.poll(Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void writesAfterCloseAreUnavailable() {
    store.close();
    assertThatThrownBy(() -> create("a", "1")).isInstanceOf(SkiffException.Unavailable.class);
  }

  @Test
  void compactionRefusesListsAndWatchesBelowItButNotAtIt() {
    KeyValue a = ok(create("p/a", "1"));
    ok(update("p/a", "2", a.modRevision()));
    long point = store.currentRevision();
    ok(create("p/b", "1"));
    store.compact(point);
    assertThat(store.compactedRevision()).isEqualTo(point);
    assertThatThrownBy(() -> store.list(key("p/"), a.modRevision(), 0, null)).isInstanceOfSatisfying(CompactedException.class,
        e -> assertThat(e.compacted()).isEqualTo(point));
    assertThatThrownBy(() -> store.watch(key("p/"), a.modRevision())).isInstanceOf(CompactedException.class);
    assertThat(store.list(key("p/"), point, 0, null).items()).extracting(kv -> text(kv.value())).containsExactly("2");
    try (Watch watch = store.watch(key("p/"), point)) {
      assertThat(take(watch, 1)).extracting(e -> e.kv().key()).containsExactly(key("p/b"));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void compactionKeepsTheNewestValueOfEveryLiveKeyAndForgetsDeletedOnes() {
    KeyValue a = ok(create("p/a", "1"));
    KeyValue a2 = ok(update("p/a", "2", a.modRevision()));
    ok(create("p/b", "1"));
    ok(store.delete(key("p/b"), 0));
    KeyValue c = ok(create("p/c", "1"));
    store.compact(store.currentRevision());
    assertThat(store.list(key("p/"), 0, 0, null).items()).extracting(StoreConformanceSupport::version)
        .containsExactly(version(a2), version(c));
    assertThat(store.get(key("p/b"))).isEmpty();
    assertThat(store.count(key("p/"))).isEqualTo(2);
    assertThat(ok(update("p/a", "3", a2.modRevision())).createRevision()).isEqualTo(a.createRevision());
  }

  @Test
  void compactingAtOrBelowTheCompactionPointChangesNothing() {
    ok(create("a", "1"));
    long point = store.currentRevision();
    ok(create("b", "1"));
    store.compact(point);
    store.compact(point);
    store.compact(point - 1);
    assertThat(store.compactedRevision()).isEqualTo(point);
  }

  @Test
  void compactingAboveTheCurrentRevisionIsABadRequest() {
    ok(create("a", "1"));
    assertThatThrownBy(() -> store.compact(store.currentRevision() + 1000)).isInstanceOf(SkiffException.BadRequest.class);
    assertThat(store.compactedRevision()).isLessThanOrEqualTo(store.currentRevision());
  }
}
