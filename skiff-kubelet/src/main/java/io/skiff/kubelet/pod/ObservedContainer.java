package io.skiff.kubelet.pod;

import java.time.Instant;
import java.util.Objects;

/**
 * One instance of a container as the runtime reports it, reduced to what the planner and the status need.
 *
 * @param id             the runtime's container id
 * @param name           the container's name in the pod
 * @param attempt        its restart count (0 for the first instance)
 * @param sandboxAttempt the attempt of the sandbox it runs in
 * @param state          created, running, exited or unknown
 * @param exitCode       the exit code once exited
 * @param reason         the runtime's reason once exited ({@code Completed}, {@code Error}, {@code OOMKilled})
 * @param message        the termination message, or empty
 * @param createdAt      when it was created
 * @param startedAt      when it was started, or {@code null}
 * @param finishedAt     when it exited, or {@code null}
 * @param image          the image name it runs, normalized (e.g. {@code docker.io/library/centos:7})
 * @param imageId        the image's repo digest (Kubernetes' {@code imageID})
 * @param specHash       the hash of the container spec it was created from
 */
public record ObservedContainer(String id, String name, int attempt, int sandboxAttempt, State state, int exitCode, String reason,
    String message, Instant createdAt, Instant startedAt, Instant finishedAt, String image, String imageId, String specHash) {

  /** A container's state, as the CRI names them. */
  public enum State { CREATED, RUNNING, EXITED, UNKNOWN }

  public ObservedContainer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    image = image == null ? "" : image;
    imageId = imageId == null ? "" : imageId;
    specHash = specHash == null ? "" : specHash;
  }

  public boolean running() {
    return state == State.RUNNING;
  }

  public boolean exited() {
    return state == State.EXITED;
  }

  /** Exited with code 0. */
  public boolean succeeded() {
    return state == State.EXITED && exitCode == 0;
  }

  /** Exited non-zero, OOM-killed, or in an unknown state: what the kubelet counts as a failed init container. */
  public boolean failed() {
    return (state == State.EXITED && (exitCode != 0 || "OOMKilled".equals(reason))) || state == State.UNKNOWN;
  }
}
