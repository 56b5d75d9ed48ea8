package io.skiff.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a container is now.
 *
 * @param id         the container's id
 * @param sandboxId  its sandbox
 * @param name       its name in the pod
 * @param attempt    its restart count
 * @param image      the image it was created from, as the caller named it
 * @param state      created, running, exited or unknown
 * @param pid        its process's host PID while created or running, else 0
 * @param exitCode   the exit code once exited (128 + signal when killed), else 0
 * @param createdAt  when it was created
 * @param startedAt  when it was started, or {@code null}
 * @param finishedAt when it exited, or {@code null}
 * @param reason     {@code Completed}, {@code Error} or {@code OOMKilled} once exited, else empty
 * @param message    extra detail for the reason, or empty
 * @param logPath    the CRI-format log file
 * @param labels     the labels it was created with
 */
public record ContainerStatus(
    ContainerId id,
    SandboxId sandboxId,
    String name,
    int attempt,
    String image,
    ContainerState state,
    long pid,
    int exitCode,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String reason,
    String message,
    Path logPath,
    Map<String, String> labels) {

  /** The reason Kubernetes shows for a container killed by the kernel's OOM killer. */
  public static final String REASON_OOM_KILLED = "OOMKilled";
  /** The reason for an exit code of 0. */
  public static final String REASON_COMPLETED = "Completed";
  /** The reason for any other exit code. */
  public static final String REASON_ERROR = "Error";
  /** The reason when neither a process nor an exit code can be found. */
  public static final String REASON_UNKNOWN = "Unknown";

  public ContainerStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    labels = Map.copyOf(labels == null ? Map.of() : labels);
  }

  public Optional<Instant> findStartedAt() {
    return Optional.ofNullable(startedAt);
  }

  public Optional<Instant> findFinishedAt() {
    return Optional.ofNullable(finishedAt);
  }
}
