package io.skiff.runtime.conmon;

import java.util.Optional;

/** The stream a packet on conmon's attach socket belongs to: its first byte (conmon's {@code stdpipe_t}). */
public enum AttachStream {
  STDIN(1),
  STDOUT(2),
  STDERR(3);

  private final int id;

  AttachStream(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  /** The stream with that id; empty for any other byte. */
  public static Optional<AttachStream> of(int id) {
    for (AttachStream s : values()) {
      if (s.id == id) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
