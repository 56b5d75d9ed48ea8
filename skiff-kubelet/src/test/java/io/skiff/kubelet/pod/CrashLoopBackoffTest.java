package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashLoopBackoffTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final InstantSource clock = () -> now;
  private final CrashLoopBackoff backoff = new CrashLoopBackoff(clock);
  private static final String KEY = CrashLoopBackoff.key("uid", "app", "h1");

  /** Simulates a container that exits immediately every time it starts: the waits between the starts. */
  @Test
  void delaysAreImmediateThenTenSecondsDoublingToFiveMinutes() {
    List<Duration> waits = new ArrayList<>();
    Instant lastStart = now;
    for (int restart = 0; restart < 9; restart++) {
      Instant finished = now;
      var hold = backoff.hold(KEY, finished);
      if (hold.isPresent()) {
        now = now.plus(hold.get().remaining());
        assertThat(backoff.hold(KEY, finished)).isEmpty();
      }
      backoff.advance(KEY, finished);
      waits.add(Duration.between(lastStart, now));
      lastStart = now;
    }
    assertThat(waits).containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
        Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(300));
  }

  @Test
  void theHoldReportsTheCurrentDelayForTheWaitingMessage() {
    backoff.advance(KEY, now);
    now = now.plusSeconds(3);
    var hold = backoff.hold(KEY, now.minusSeconds(1));
    assertThat(hold).hasValueSatisfying(h -> {
      assertThat(h.delay()).isEqualTo(Duration.ofSeconds(10));
      assertThat(h.remaining()).isEqualTo(Duration.ofSeconds(9));
    });
  }

  @Test
  void aContainerThatRanTenMinutesStartsAgainAtTenSeconds() {
    for (int i = 0; i < 5; i++) {
      backoff.advance(KEY, now);
    }
    now = now.plus(Duration.ofMinutes(11));
    Instant exitedAfterLongRun = now;
    assertThat(backoff.hold(KEY, exitedAfterLongRun)).isEmpty();
    backoff.advance(KEY, exitedAfterLongRun);
    now = now.plusSeconds(1);
    assertThat(backoff.hold(KEY, exitedAfterLongRun)).hasValueSatisfying(h -> assertThat(h.delay()).isEqualTo(Duration.ofSeconds(10)));
  }

  @Test
  void aChangedSpecHashIsANewKey() {
    backoff.advance(KEY, now);
    backoff.advance(KEY, now);
    assertThat(backoff.hold(CrashLoopBackoff.key("uid", "app", "h2"), now)).isEmpty();
  }

  @Test
  void forgettingAPodDropsItsEntries() {
    backoff.advance(KEY, now);
    backoff.forgetPod("uid");
    assertThat(backoff.hold(KEY, now)).isEmpty();
  }
}
