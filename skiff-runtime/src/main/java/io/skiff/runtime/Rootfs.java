package io.skiff.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a container's root filesystem comes from. Either the runtime mounts an overlay from image layers
 * ({@link Overlay}, the usual case: the images module's snapshotter hands out exactly these directories), or the
 * caller passes a directory that is already the root ({@link Prepared}). The runtime unmounts what it mounted when the
 * container is removed; it never deletes the caller's directories.
 */
public sealed interface Rootfs {

  /**
   * An overlay the runtime mounts at the container's bundle: read-only layers plus a writable upper directory.
   *
   * @param lowerDirs the read-only layers, the lowest (base) layer first
   * @param upperDir  the writable layer, owned by the caller
   * @param workDir   overlayfs's work directory, on the same filesystem as {@code upperDir}
   * @param options   extra overlay mount options, e.g. {@code userxattr} for layers whose whiteouts and opaque markers
   *                  are in the {@code user.overlay.*} namespace (as skiff-images unpacks them)
   */
  record Overlay(List<Path> lowerDirs, Path upperDir, Path workDir, List<String> options) implements Rootfs {
    public Overlay {
      lowerDirs = List.copyOf(Objects.requireNonNull(lowerDirs, "lowerDirs"));
      options = List.copyOf(options == null ? List.of() : options);
      for (String o : options) {
        if (o.isEmpty() || o.contains(",") || o.startsWith("lowerdir") || o.startsWith("upperdir") || o.startsWith("workdir")) {
          throw new IllegalArgumentException("an extra overlay option must be a single option other than the directories: " + o);
        }
      }
      Objects.requireNonNull(upperDir, "upperDir");
      Objects.requireNonNull(workDir, "workDir");
      if (lowerDirs.isEmpty()) {
        throw new IllegalArgumentException("an overlay rootfs needs at least one lower directory");
      }
      for (Path p : lowerDirs) {
        checkOverlayPath(p);
      }
      checkOverlayPath(upperDir);
      checkOverlayPath(workDir);
    }

    /** An overlay without extra options. */
    public Overlay(List<Path> lowerDirs, Path upperDir, Path workDir) {
      this(lowerDirs, upperDir, workDir, List.of());
    }

    private static void checkOverlayPath(Path p) {
      String s = p.toString();
      if (!p.isAbsolute() || s.contains(":") || s.contains(",")) {
        throw new IllegalArgumentException("overlay directories must be absolute and free of ':' and ',': " + s);
      }
    }
  }

  /** A directory that already is the container's root filesystem; used as it is. */
  record Prepared(Path path) implements Rootfs {
    public Prepared {
      Objects.requireNonNull(path, "path");
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException("a prepared rootfs path must be absolute: " + path);
      }
    }
  }
}
