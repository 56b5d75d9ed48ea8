package io.skiff.kubelet.logs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a CRI log file: {@code <RFC 3339 time> <stdout|stderr> <F|P> <content>}; {@code P} marks a partial
 * line whose content continues in the next entry.
 *
 * @param time    when the runtime read it
 * @param stream  {@code stdout} or {@code stderr}
 * @param partial whether the content continues in the next entry
 * @param content the text, without the newline
 */
public record CriLogEntry(Instant time, String stream, boolean partial, String content) {
  public CriLogEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(content, "content");
  }

  /** Parses one line (without its newline); a line that is not in the CRI format is empty. */
  public static Optional<CriLogEntry> parse(String line) {
    int a = line.indexOf(' ');
    if (a < 0) {
      return Optional.empty();
    }
    int b = line.indexOf(' ', a + 1);
    if (b < 0) {
      return Optional.empty();
    }
    int c = line.indexOf(' ', b + 1);
    String tag = c < 0 ? line.substring(b + 1) : line.substring(b + 1, c);
    String content = c < 0 ? "" : line.substring(c + 1);
    Instant time;
    try {
      time = Instant.parse(line.substring(0, a));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    String stream = line.substring(a + 1, b);
    boolean partial = tag.split(":")[0].equals("P");
    return Optional.of(new CriLogEntry(time, stream, partial, content));
  }

  /** The timestamp as the CRI log and {@code kubectl logs --timestamps} print it. */
  public String timestamp() {
    return line(time);
  }

  static String line(Instant t) {
    return java.time.format.DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
