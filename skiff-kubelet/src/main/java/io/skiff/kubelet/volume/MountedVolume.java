package io.skiff.kubelet.volume;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A pod volume set up on the host, ready to be bound into containers.
 *
 * @param name     the volume's name in the pod spec
 * @param hostPath the directory (or, for hostPath, file) on the host
 * @param readOnly whether every mount of it is read-only (configMap, secret, downwardAPI and projected volumes are)
 */
public record MountedVolume(String name, Path hostPath, boolean readOnly) {
  public MountedVolume {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hostPath, "hostPath");
  }
}
