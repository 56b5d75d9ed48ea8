package io.skiff.kubelet.pod;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Containers' writable roots (snapshots of the images module), tracked by a marker file
 * {@code pods/<uid>/rootfs/<containerId>} from before the snapshot is made until it is removed, so a pod's cleanup
 * finds every root even when the runtime never created the container.
 */
final class RootfsCleanup {
  private RootfsCleanup() {}

  static void mark(SyncParts parts, String uid, String containerId) {
    Path marker = parts.paths().rootfs(uid, containerId);
    try {
      Files.createDirectories(marker.getParent());
      if (!Files.exists(marker)) {
        Files.createFile(marker);
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create " + marker, e);
    }
  }

  /** Removes the container's root snapshot (the runtime unmounted it when it removed the container) and its marker. */
  static void release(SyncParts parts, String uid, String containerId) {
    if (parts.roots().exists(containerId)) {
      parts.roots().remove(containerId);
    }
    try {
      Files.deleteIfExists(parts.paths().rootfs(uid, containerId));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot remove the root marker of " + containerId, e);
    }
  }

  /** The container ids that have a root marker in the pod's directory. */
  static List<String> marked(SyncParts parts, String uid) {
    Path dir = parts.paths().rootfsDir(uid);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot list " + dir, e);
    }
  }
}
