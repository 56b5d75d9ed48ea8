package io.skiff.images;

import io.skiff.images.snapshot.Mount;
import io.skiff.images.snapshot.Snapshotter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Containers' writable root file systems: an active snapshot per container over its image's top layer, described
 * as mounts (overlayfs: the image's layers as lower directories, the container's own upper and work directories). No
 * layer is copied. The caller mounts them (see {@link io.skiff.images.snapshot.Mounts}) and removes the root with
 * the container. An image whose top layer a container root stands on is kept by garbage collection.
 */
public final class ContainerRoots {
  private static final String PREFIX = "container/";
  private final Snapshotter snapshots;

  ContainerRoots(Snapshotter snapshots) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
  }

  /** Creates the writable root of {@code containerId} over {@code image}; the mounts to perform. */
  public List<Mount> prepare(String containerId, LocalImage image) {
    return snapshots.prepare(PREFIX + containerId, image.topSnapshot());
  }

  /** The mounts of an existing container root (after a restart, for instance). */
  public List<Mount> mounts(String containerId) {
    return snapshots.mounts(PREFIX + containerId);
  }

  /** The container's own upper directory, where its changes land. */
  public Path upperDir(String containerId) {
    return snapshots.directory(PREFIX + containerId);
  }

  public boolean exists(String containerId) {
    return snapshots.stat(PREFIX + containerId).isPresent();
  }

  /** Removes the root; unmount it first. */
  public void remove(String containerId) {
    snapshots.remove(PREFIX + containerId);
  }
}
