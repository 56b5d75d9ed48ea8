package io.skiff.store;

import java.util.Objects;

/**
 * One version of one key.
 *
 * @param key            the key
 * @param value          the stored bytes (for a delete event: the last value before the delete)
 * @param createRevision the revision that created this incarnation of the key
 * @param modRevision    the revision of the write that produced this version (for a delete: the delete's revision)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (modRevision < createRevision) {
      throw new IllegalArgumentException("modRevision " + modRevision + " < createRevision " + createRevision);
    }
  }
}
