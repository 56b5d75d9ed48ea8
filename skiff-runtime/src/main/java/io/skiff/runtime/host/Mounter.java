package io.skiff.runtime.host;

import io.skiff.common.SkiffException;
import io.skiff.runtime.posix.MountCalls;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Mounts and unmounts with the mount(2) and umount2(2) system calls (one call, not a {@code mount} process on a pod's
 * critical path), and tells what is mounted where.
 */
public final class Mounter {

  /** Mounts a filesystem of {@code type} from {@code source} at {@code target} with options as {@code mount -o} takes them. */
  public void mount(String type, String source, Path target, List<String> options) {
    MountCalls.mount(MountCalls.request(type, source, target.toString(), options));
  }

  /**
   * Unmounts whatever is mounted at {@code target} (all stacked mounts), lazily when a plain unmount fails. A target
   * with nothing mounted is left alone.
   */
  public void unmountAll(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    for (int round = 0; round < 8 && isMountPoint(abs); round++) {
      try {
        MountCalls.unmount(abs.toString(), false);
      } catch (SkiffException busy) {
        if (isMountPoint(abs)) {
          MountCalls.unmount(abs.toString(), true);
        }
      }
    }
    if (isMountPoint(abs)) {
      throw new SkiffException.Internal("cannot unmount " + abs, null);
    }
  }

  /** Whether something is mounted exactly at {@code path}. */
  public boolean isMountPoint(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    return MountInfo.current().stream().anyMatch(m -> m.mountPoint().equals(abs));
  }

  /** Every mount point at or below {@code dir}, deepest first (the order to unmount them in). */
  public List<Path> mountPointsUnder(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    return MountInfo.current().stream()
        .map(MountInfo::mountPoint)
        .filter(p -> p.startsWith(abs))
        .distinct()
        .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
        .toList();
  }
}
