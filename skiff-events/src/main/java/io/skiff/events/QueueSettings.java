package io.skiff.events;

import java.time.Duration;
import java.util.Objects;

/**
 * The shape of an {@link EventPublisher}'s queue.
 *
 * @param threadName prefix of the workers' names
 * @param capacity   how many events may wait; more are dropped and counted
 * @param workers    how many virtual threads post; one keeps the events of a component in order
 * @param onClose    what closing does with queued events
 */
public record QueueSettings(String threadName, int capacity, int workers, OnClose onClose) {
  public QueueSettings {
    Objects.requireNonNull(threadName, "threadName");
    Objects.requireNonNull(onClose, "onClose");
    if (capacity < 1 || workers < 1) {
      throw new IllegalArgumentException("capacity and workers must be positive: " + capacity + ", " + workers);
    }
  }

  /** One worker, so that a component's events are posted in the order recorded; close drains within {@code grace}. */
  public static QueueSettings ordered(String threadName, int capacity, Duration grace) {
    return new QueueSettings(threadName, capacity, 1, new OnClose.Drain(grace));
  }
}
