package io.skiff.images.snapshot;

import java.time.Instant;
import java.util.Objects;

/**
 * What a snapshotter knows about one snapshot.
 *
 * @param key    the active key or, once committed, the name
 * @param parent the parent's name, or empty
 * @param kind   active (writable), view (read-only) or committed (immutable, may be a parent)
 */
public record SnapshotInfo(String key, String parent, Kind kind, Instant created) {
  public enum Kind { ACTIVE, VIEW, COMMITTED }

  public SnapshotInfo {
    Objects.requireNonNull(key, "key");
    parent = parent == null ? "" : parent;
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(created, "created");
  }
}
