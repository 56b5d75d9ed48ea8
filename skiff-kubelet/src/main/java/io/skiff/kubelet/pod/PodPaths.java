package io.skiff.kubelet.pod;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The agent's per-pod directories below {@code DATA_DIR/pods/<uid>}: {@code volumes/} (see the volume package),
 * {@code rootfs/<containerId>} (each container's mounted root) and {@code containers/<name>/<containerId>} (the file
 * bound at the container's terminationMessagePath).
 */
public record PodPaths(Path podsDir) {
  public PodPaths {
    Objects.requireNonNull(podsDir, "podsDir");
    podsDir = podsDir.toAbsolutePath().normalize();
  }

  public Path podDir(String uid) {
    return podsDir.resolve(uid);
  }

  public Path rootfsDir(String uid) {
    return podDir(uid).resolve("rootfs");
  }

  public Path rootfs(String uid, String containerId) {
    return rootfsDir(uid).resolve(containerId);
  }

  public Path terminationLog(String uid, String container, String containerId) {
    return podDir(uid).resolve("containers").resolve(container).resolve(containerId);
  }
}
