package io.skiff.apiserver.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * A cached object and its JSON form, encoded on first use and then shared: a change that a hundred watchers receive
 * is encoded once, not once per watcher. The object must not change after it was handed to the cache (cached objects
 * never do). Thread-safe; two threads asking at once may both encode, and get equal bytes.
 */
public final class EncodedObject {
  private final HasMetadata object;
  private final ObjectCodec codec;
  private volatile byte[] json;

  EncodedObject(HasMetadata object, ObjectCodec codec) {
    this.object = Objects.requireNonNull(object, "object");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  public HasMetadata object() {
    return object;
  }

  /** The object as the API serves it (resourceVersion included). Callers must not change the array. */
  public byte[] json() {
    byte[] b = json;
    if (b == null) {
      b = codec.json(object);
      json = b;
    }
    return b;
  }
}
