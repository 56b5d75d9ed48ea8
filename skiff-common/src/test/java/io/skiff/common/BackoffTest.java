package io.skiff.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = now::get;
  private final Backoff backoff = new Backoff(clock, Duration.ofSeconds(10), Duration.ofSeconds(60));

  private void advance(Duration d) {
    now.set(now.get().plus(d));
  }

  @Test
  void eachStepDoublesTheDelayUpToTheCap() {
    assertThat(backoff.step("k", now.get())).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.step("k", now.get())).isEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.step("k", now.get())).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.step("k", now.get())).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.step("k", now.get())).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anEventMoreThanTwiceTheCapAfterTheLastStepStartsAgain() {
    backoff.step("k", now.get());
    backoff.step("k", now.get());
    advance(Duration.ofSeconds(121));
    assertThat(backoff.current("k", now.get())).isEmpty();
    assertThat(backoff.step("k", now.get())).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void remainingCountsDownFromTheLastStep() {
    backoff.step("k", now.get());
    advance(Duration.ofSeconds(4));
    assertThat(backoff.remaining("k")).isEqualTo(Duration.ofSeconds(6));
    advance(Duration.ofSeconds(7));
    assertThat(backoff.remaining("k")).isZero();
    assertThat(backoff.remaining("other")).isZero();
  }

  @Test
  void keysAreIndependentAndCanBeForgotten() {
    backoff.step("pod1/a", now.get());
    backoff.step("pod1/a", now.get());
    backoff.step("pod2/a", now.get());
    backoff.forgetIf(k -> k.startsWith("pod1/"));
    assertThat(backoff.knows("pod1/a")).isFalse();
    assertThat(backoff.current("pod2/a", now.get())).map(Backoff.Entry::delay).contains(Duration.ofSeconds(10));
  }

  @Test
  void gcDropsKeysUntouchedForTwiceTheCap() {
    backoff.step("old", now.get());
    advance(Duration.ofSeconds(100));
    backoff.step("new", now.get());
    advance(Duration.ofSeconds(21));
    backoff.gc();
    assertThat(backoff.knows("old")).isFalse();
    assertThat(backoff.knows("new")).isTrue();
  }

  @Test
  void aCapBelowTheInitialDelayIsRefused() {
    assertThatThrownBy(() -> new Backoff(clock, Duration.ofSeconds(10), Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
  }
}
