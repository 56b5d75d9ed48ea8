package io.skiff.events;

import java.time.Duration;
import java.util.Objects;

/** What {@link EventPublisher#close()} does with the events still queued. */
public sealed interface OnClose {
  /** Posts them, waiting at most {@code grace}; what is left then is dropped and counted. */
  record Drain(Duration grace) implements OnClose {
    public Drain {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative: " + grace);
      }
    }
  }

  /** Drops and counts them at once (a simulation that is ending has no one left to read them). */
  record Drop() implements OnClose {}
}
