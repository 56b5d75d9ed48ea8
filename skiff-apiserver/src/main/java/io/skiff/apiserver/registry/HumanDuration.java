package io.skiff.apiserver.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Durations as kubectl shows them in AGE and similar columns (apimachinery's {@code duration.HumanDuration}):
 * {@code 5s}, {@code 3m2s}, {@code 45m}, {@code 5h3m}, {@code 30h}, {@code 2d3h}, {@code 40d}, {@code 3y20d},
 * {@code 9y}; {@code 0s} for up to a second in the future, {@code <invalid>} beyond.
 */
public final class HumanDuration {

  /** What an absent timestamp prints as. */
  public static final String UNKNOWN = "<unknown>";

  private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private HumanDuration() {}

  /** The elapsed time from {@code timestamp} (RFC 3339, possibly with fractions) to {@code now}; {@code <unknown>} when absent. */
  public static String since(String timestamp, Instant now) {
    Instant t = parse(timestamp);
    return t == null ? UNKNOWN : format(Duration.between(t, now));
  }

  /** The elapsed time from {@code timestamp} to {@code now}; {@code <unknown>} when null. */
  public static String since(Instant timestamp, Instant now) {
    return timestamp == null ? UNKNOWN : format(Duration.between(timestamp, now));
  }

  /** Formats a duration; negative durations (a clock skew) below one second read {@code 0s}. */
  public static String format(Duration d) {
    long seconds = d.isNegative() ? -d.negated().getSeconds() : d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** Parses an RFC 3339 timestamp as Kubernetes writes them; null when absent or unreadable. */
  static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      Instant t = OffsetDateTime.parse(timestamp).toInstant();
      return t.equals(GO_ZERO_TIME) ? null : t;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
