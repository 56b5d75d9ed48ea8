package io.skiff.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A mount in a container: a host path bound in, or a fresh tmpfs.
 *
 * @param type           bind or tmpfs
 * @param source         the host path for a bind; ignored for tmpfs
 * @param destination    the absolute path in the container
 * @param readOnly       whether the container may not write it
 * @param tmpfsSizeBytes the tmpfs size limit, 0 for the kernel's default (half of RAM); ignored for a bind
 */
public record ContainerMount(Type type, Path source, String destination, boolean readOnly, long tmpfsSizeBytes) {

  /** The kind of mount. */
  public enum Type { BIND, TMPFS }

  public ContainerMount {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(destination, "destination");
    if (!destination.startsWith("/")) {
      throw new IllegalArgumentException("a mount destination must be absolute: " + destination);
    }
    if (type == Type.BIND && (source == null || !source.isAbsolute())) {
      throw new IllegalArgumentException("a bind mount needs an absolute source: " + source);
    }
    if (tmpfsSizeBytes < 0) {
      throw new IllegalArgumentException("tmpfs size must not be negative");
    }
  }

  public static ContainerMount bind(Path source, String destination, boolean readOnly) {
    return new ContainerMount(Type.BIND, source, destination, readOnly, 0);
  }

  public static ContainerMount tmpfs(String destination, long sizeBytes) {
    return new ContainerMount(Type.TMPFS, null, destination, false, sizeBytes);
  }
}
