package io.skiff.scheduler.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Conditions' transition times as Kubernetes writes a {@code metav1.Time}: RFC 3339 in UTC, whole seconds. */
final class Timestamps {
  private Timestamps() {}

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
