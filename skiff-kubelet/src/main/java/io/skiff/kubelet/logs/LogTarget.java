package io.skiff.kubelet.logs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** A container instance's log file and whether the instance still runs (for {@code follow}). */
public record LogTarget(Path file, BooleanSupplier running) {
  public LogTarget {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(running, "running");
  }
}
