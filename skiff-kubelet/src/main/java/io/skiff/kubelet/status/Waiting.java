package io.skiff.kubelet.status;

import java.util.Objects;

/**
 * Why a container that should run does not: a waiting reason with Kubernetes' spelling ({@code CrashLoopBackOff},
 * {@code ErrImagePull}, {@code CreateContainerConfigError}, …) and its message. The kubelet's reason cache.
 */
public record Waiting(String reason, String message) {
  public Waiting {
    Objects.requireNonNull(reason, "reason");
    message = message == null ? "" : message;
  }
}
