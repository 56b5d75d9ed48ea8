package io.skiff.images.pull;

import java.time.Duration;

/**
 * Durations as Go's {@code time.Duration.String} prints them after truncation to milliseconds, as the kubelet's
 * Pulled event does: {@code 796ms}, {@code 1.594s}, {@code 1m2.003s}, {@code 1h0m0s}, {@code 0s}.
 */
public final class GoDuration {
  private GoDuration() {}

  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    String sign = ms < 0 ? "-" : "";
    ms = Math.abs(ms);
    if (ms < 1000) {
      return sign + ms + "ms";
    }
    long hours = ms / 3_600_000;
    long minutes = ms / 60_000 % 60;
    long seconds = ms / 1000 % 60;
    long millis = ms % 1000;
    StringBuilder b = new StringBuilder(sign);
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      b.append(minutes).append('m');
    }
    b.append(seconds);
    if (millis > 0) {
      String frac = String.format("%03d", millis);
      while (frac.endsWith("0")) {
        frac = frac.substring(0, frac.length() - 1);
      }
      b.append('.').append(frac);
    }
    return b.append('s').toString();
  }
}
