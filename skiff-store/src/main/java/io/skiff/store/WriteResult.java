package io.skiff.store;

import java.util.Optional;

/** The outcome of a conditional write: it happened, or the condition did not hold. */
public sealed interface WriteResult {

  /** The write happened; {@code kv} is the new version (for a delete: the removed value at the delete's revision). */
  record Ok(KeyValue kv) implements WriteResult {}

  /** The condition failed; {@code current} is the key's current version, empty when the key does not exist. */
  record Conflict(Optional<KeyValue> current) implements WriteResult {}
}
