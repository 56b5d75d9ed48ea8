package io.skiff.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BudgetQueueTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-06-01T12:00:00Z"));
  private final InstantSource clock = () -> now.get();

  @Test
  void aKeyIsHeldOnceAtItsEarliestTimeAndHandedOutWhenDue() throws Exception {
    BudgetQueue queue = new BudgetQueue(clock);
    queue.addAfter("default/web", Duration.ofMinutes(2));
    queue.addAfter("default/web", Duration.ofMinutes(1));
    queue.add("default/db");
    assertThat(queue.take(Duration.ofMillis(10))).contains("default/db");
    assertThat(queue.holds("default/web")).isTrue();
    now.set(now.get().plus(Duration.ofMinutes(1)));
    assertThat(queue.take(Duration.ofMillis(10))).contains("default/web");
    assertThat(queue.holds("default/web")).as("taken once, not twice").isFalse();
  }

  @Test
  void closingEndsTheWait() throws Exception {
    BudgetQueue queue = new BudgetQueue(clock);
    queue.addAfter("default/web", Duration.ofHours(1));
    queue.close();
    assertThat(queue.take(Duration.ofMillis(10))).isEqualTo(Optional.empty());
  }
}
