package io.skiff.store;

import java.util.Objects;

/**
 * One change seen by a watch.
 *
 * @param type the change
 * @param kv   the new version (for {@link Type#DELETED}: the last value, with modRevision = the delete's revision)
 */
public record WatchEvent(Type type, KeyValue kv) {
  public enum Type { CREATED, UPDATED, DELETED }

  public WatchEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kv, "kv");
  }

  public long revision() {
    return kv.modRevision();
  }
}
