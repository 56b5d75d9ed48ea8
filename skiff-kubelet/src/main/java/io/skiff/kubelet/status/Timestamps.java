package io.skiff.kubelet.status;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Kubernetes' timestamps: RFC 3339 in UTC with second precision ({@code metav1.Time}) or microseconds ({@code MicroTime}). */
public final class Timestamps {
  private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

  private Timestamps() {}

  /** {@code 2026-11-28T03:47:19Z}; {@code null} stays {@code null}. */
  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code 2026-11-28T03:47:19.123456Z}, as a Lease's renewTime. */
  public static String microTime(Instant t) {
    return t == null ? null : MICRO.format(t);
  }
}
