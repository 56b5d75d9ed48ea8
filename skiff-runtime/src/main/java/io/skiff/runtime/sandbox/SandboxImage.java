package io.skiff.runtime.sandbox;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;

/**
 * skiff's local sandbox image (the kubelet's {@code --pod-infra-container-image}): a root directory holding only
 * Debian's statically linked {@code catatonit} as {@code /catatonit}, run as {@code /catatonit -P}. It is built once
 * per image name under the runtime root and shared read-only by every pause process.
 */
public final class SandboxImage {
  private final String name;
  private final Path rootfs;

  private SandboxImage(String name, Path rootfs) {
    this.name = name;
    this.rootfs = rootfs;
  }

  /**
   * Prepares (or reuses) the image's root under {@code imagesDir}, copying {@code catatonit} in when it is missing
   * or differs in size.
   */
  public static SandboxImage ensure(String name, Path imagesDir, Path catatonit) {
    Objects.requireNonNull(name, "name");
    if (!Files.isRegularFile(catatonit)) {
      throw new SkiffException.Unavailable("catatonit is not at " + catatonit + " (Debian package catatonit)", null);
    }
    String dirName = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    Path rootfs = imagesDir.resolve(dirName).resolve("rootfs");
    try {
      for (String d : new String[] {"proc", "dev", "sys", "etc"}) {
        Files.createDirectories(rootfs.resolve(d));
      }
      Path target = rootfs.resolve("catatonit");
      if (!Files.isRegularFile(target) || Files.size(target) != Files.size(catatonit)) {
        Path tmp = rootfs.resolve(".catatonit.tmp");
        Files.copy(catatonit, tmp, StandardCopyOption.REPLACE_EXISTING);
        tmp.toFile().setExecutable(true, false);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot prepare the sandbox image " + name + " at " + rootfs, e);
    }
    return new SandboxImage(name, rootfs);
  }

  public String name() {
    return name;
  }

  public Path rootfs() {
    return rootfs;
  }
}
