package io.skiff.images.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots of file system trees, containerd's model. Contract: it returns {@link Mount}s and never mounts anything
 * itself; active snapshots never become parents; committed ones are immutable. Keys and names share one namespace.
 */
public interface Snapshotter {
  /** A new writable snapshot over {@code parent} (a committed name, or empty for none); its mounts. */
  List<Mount> prepare(String key, String parent);

  /** A new read-only view of {@code parent}; its mounts. */
  List<Mount> view(String key, String parent);

  /** The mounts of an existing active or view snapshot. */
  List<Mount> mounts(String key);

  /** Turns active snapshot {@code key} into committed snapshot {@code name}. */
  void commit(String name, String key);

  /** Removes a snapshot; a snapshot that is the parent of another is refused. */
  void remove(String key);

  Optional<SnapshotInfo> stat(String key);

  List<SnapshotInfo> walk();

  Usage usage(String key);

  /** The directory holding a snapshot's own files (its layer, or a container's upper directory). */
  Path directory(String key);
}
