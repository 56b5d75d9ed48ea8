package io.skiff.images.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullBackoffTest {
  static final class FakeClock implements InstantSource {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  @Test
  void waitsTenSecondsThenDoublesUpToFiveMinutes() {
    FakeClock clock = new FakeClock();
    PullBackoff b = new PullBackoff(clock);
    String key = PullBackoff.key("uid-1", "nginx");
    List<Long> periods = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      b.failed(key, "boom " + i);
      periods.add(b.period(key).orElseThrow().toSeconds());
      clock.advance(b.remaining(key));
    }
    assertThat(periods).containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
    assertThat(b.lastError(key)).contains("boom 7");
  }

  @Test
  void remainingCountsDownWithTheClock() {
    FakeClock clock = new FakeClock();
    PullBackoff b = new PullBackoff(clock);
    b.failed("k", "e");
    assertThat(b.remaining("k")).isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(4));
    assertThat(b.remaining("k")).isEqualTo(Duration.ofSeconds(6));
    clock.advance(Duration.ofSeconds(6));
    assertThat(b.remaining("k")).isZero();
    assertThat(b.remaining("other")).isZero();
  }

  @Test
  void aFailureLongAfterTheLastStartsAgainAtTenSeconds() {
    FakeClock clock = new FakeClock();
    PullBackoff b = new PullBackoff(clock);
    b.failed("k", "e");
    b.failed("k", "e");
    assertThat(b.period("k")).contains(Duration.ofSeconds(20));
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    b.failed("k", "e");
    assertThat(b.period("k")).contains(Duration.ofSeconds(10));
  }

  @Test
  void gcDropsEntriesUntouchedForTwiceTheCap() {
    FakeClock clock = new FakeClock();
    PullBackoff b = new PullBackoff(clock);
    b.failed("old", "e");
    clock.advance(Duration.ofMinutes(11));
    b.failed("new", "e");
    b.gc();
    assertThat(b.period("old")).isEmpty();
    assertThat(b.period("new")).isPresent();
  }
}
