package io.skiff.runtime.conmon;

import java.time.Instant;
import java.util.Objects;

/** An exit conmon recorded: the exit code (128 + signal for a killed process) and when the file was written. */
public record ExitRecord(int exitCode, Instant finishedAt) {
  public ExitRecord {
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}
