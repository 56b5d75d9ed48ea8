package io.skiff.kubelet.logs;

import java.time.Instant;

/**
 * What {@code kubectl logs} asks for ({@code PodLogOptions} without the container and pod).
 *
 * @param follow     keep streaming until the container stops
 * @param previous   the previous (terminated) instance instead of the current one
 * @param tailLines  only the last N lines, or {@code null} for all
 * @param since      only lines at or after this time, or {@code null}
 * @param timestamps prefix each line with its RFC 3339 time
 * @param limitBytes stop after this many bytes, or {@code null}
 */
public record LogOptions(boolean follow, boolean previous, Integer tailLines, Instant since, boolean timestamps, Long limitBytes) {
  public static final LogOptions ALL = new LogOptions(false, false, null, null, false, null);

  public LogOptions {
    if (tailLines != null && tailLines < 0) {
      throw new IllegalArgumentException("tailLines must not be negative");
    }
    if (limitBytes != null && limitBytes <= 0) {
      throw new IllegalArgumentException("limitBytes must be positive");
    }
  }
}
