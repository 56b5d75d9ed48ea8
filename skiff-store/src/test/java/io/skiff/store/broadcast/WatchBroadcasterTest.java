package io.skiff.store.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.store.CompactedException;
import io.skiff.store.KeyValue;
import io.skiff.store.Watch;
import io.skiff.store.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WatchBroadcasterTest {

  /** A history of one event per revision 1..n, keys alternating between /a/ and /b/. */
  private static List<WatchEvent> history(long n) {
    return LongStream.rangeClosed(1, n).mapToObj(WatchBroadcasterTest::event).toList();
  }

  private static WatchEvent event(long rev) {
    String key = (rev % 2 == 0 ? "/a/" : "/b/") + rev;
    return new WatchEvent(WatchEvent.Type.CREATED, new KeyValue(key, new byte[0], rev, rev));
  }

  private static EventReplay replayOf(List<WatchEvent> history) {
    return (prefix, after, upTo, max) -> history.stream()
        .filter(e -> e.revision() > after && e.revision() <= upTo && e.kv().key().startsWith(prefix))
        .limit(max).toList();
  }

  private static List<Long> drain(Watch watch) throws InterruptedException {
    List<Long> revisions = new ArrayList<>();
    for (Optional<WatchEvent> e = watch.poll(Duration.ZERO); e.isPresent(); e = watch.poll(Duration.ZERO)) {
      revisions.add(e.get().revision());
    }
    return revisions;
  }

  @Test
  void replaysAcrossSeveralBatchesThenSwitchesToLiveEventsWithoutGapOrDuplicate() throws InterruptedException {
    int replayed = BroadcastWatch.REPLAY_BATCH * 2 + 7;
    List<WatchEvent> all = history(replayed + 10);
    try (WatchBroadcaster broadcaster = new WatchBroadcaster(replayed, 100)) {
      Watch watch = broadcaster.register("/", 5, replayOf(all));
      broadcaster.publish(all.subList(replayed, replayed + 10));
      assertThat(drain(watch)).containsExactlyElementsOf(LongStream.rangeClosed(6, replayed + 10).boxed().toList());
    }
  }

  @Test
  void deliversOnlyEventsUnderThePrefixAndAfterTheStartRevision() throws InterruptedException {
    List<WatchEvent> all = history(20);
    try (WatchBroadcaster broadcaster = new WatchBroadcaster(10, 100)) {
      Watch watch = broadcaster.register("/a/", 15, replayOf(all));
      broadcaster.publish(all.subList(10, 20));
      assertThat(drain(watch)).containsExactly(16L, 18L, 20L);
    }
  }

  @Test
  void aFullQueueClosesOnlyThatWatcher() throws InterruptedException {
    List<WatchEvent> all = history(6);
    try (WatchBroadcaster broadcaster = new WatchBroadcaster(0, 2)) {
      Watch everything = broadcaster.register("/", 0, replayOf(all));
      Watch onlyA = broadcaster.register("/a/", 0, replayOf(all));
      broadcaster.publish(all.subList(0, 3));
      assertThat(everything.isClosed()).isTrue();
      assertThat(onlyA.isClosed()).isFalse();
      assertThat(broadcaster.watcherCount()).isEqualTo(1);
      assertThat(everything.poll(Duration.ofSeconds(5))).isEmpty();
      assertThat(drain(onlyA)).containsExactly(2L);
    }
  }

  @Test
  void aReplayThatHitsCompactionFailsThePollAndClosesTheWatch() {
    try (WatchBroadcaster broadcaster = new WatchBroadcaster(10, 10)) {
      Watch watch = broadcaster.register("/", 2, (prefix, after, upTo, max) -> {
        throw new CompactedException(after, 5);
      });
      assertThatThrownBy(() -> watch.poll(Duration.ZERO)).isInstanceOf(CompactedException.class);
      assertThat(watch.isClosed()).isTrue();
    }
  }

  @Test
  void closingTheBroadcasterWakesAWaitingPoller() throws Exception {
    WatchBroadcaster broadcaster = new WatchBroadcaster(0, 10);
    Watch watch = broadcaster.register("/", 0, replayOf(List.of()));
    Thread poller = Thread.ofVirtual().start(() -> {
      try {
        watch.poll(Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    broadcaster.close();
    poller.join(Duration.ofSeconds(30));
    assertThat(poller.isAlive()).isFalse();
    assertThat(broadcaster.register("/", 0, replayOf(List.of())).isClosed()).isTrue();
  }

  @Test
  void publishingAnOlderRevisionIsRefused() {
    try (WatchBroadcaster broadcaster = new WatchBroadcaster(10, 10)) {
      assertThatThrownBy(() -> broadcaster.publish(List.of(event(10)))).isInstanceOf(IllegalStateException.class);
    }
  }
}
