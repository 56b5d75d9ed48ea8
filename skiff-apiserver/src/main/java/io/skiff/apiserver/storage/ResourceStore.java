package io.skiff.apiserver.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.common.SkiffException;
import io.skiff.store.KeyValue;
import io.skiff.store.ListResult;
import io.skiff.store.Store;
import io.skiff.store.WriteResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The objects of one resource type over the {@link Store}: reads of single objects and every write go to the store
 * (so they are consistent and durable); lists and watches are served by the {@link WatchCache}.
 * resourceVersion is always the store's modification revision. A stored value that is not a valid object (written
 * by someone else into a shared store) fails a get with an internal error and is logged and skipped in lists.
 */
public final class ResourceStore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResourceStore.class);
  private final ResourceType type;
  private final Store store;
  private final ObjectCodec codec;
  private final WatchCache cache;

  public ResourceStore(ResourceType type, Store store, ObjectCodec codec, WatchCache cache) {
    this.type = type;
    this.store = store;
    this.codec = codec;
    this.cache = cache;
  }

  public ResourceType type() {
    return type;
  }

  public WatchCache cache() {
    return cache;
  }

  public ObjectCodec codec() {
    return codec;
  }

  /** The object now, read from the store. */
  public Optional<HasMetadata> find(String namespace, String name) {
    return store.get(type.key(namespace, name)).map(kv -> codec.decode(kv, type.modelClass()));
  }

  /** The object now, or NotFound. */
  public HasMetadata get(String namespace, String name) {
    return find(namespace, name).orElseThrow(() -> notFound(name));
  }

  /** Stores a new object; AlreadyExists when the name is taken. */
  public HasMetadata create(HasMetadata object) {
    String key = type.key(object.getMetadata().getNamespace(), object.getMetadata().getName());
    WriteResult r = store.create(key, codec.encode(object));
    return switch (r) {
      case WriteResult.Ok ok -> written(object, ok.kv());
      case WriteResult.Conflict c -> throw new SkiffException.AlreadyExists(subject(object.getMetadata().getName()));
    };
  }

  /**
   * Reads the object, applies {@code tryUpdate} to a private copy and writes the result if the object did not
   * change meanwhile, as the apiserver's {@code GuaranteedUpdate}. With {@code expectedRevision} set, a mismatch is a
   * Conflict; without it, a lost race reads again and retries. An update that changes nothing is not written and
   * keeps its resourceVersion.
   */
  public HasMetadata guaranteedUpdate(String namespace, String name, Long expectedRevision, UnaryOperator<HasMetadata> tryUpdate) {
    return guaranteedUpdate(namespace, name, expectedRevision, (current, pristine) -> tryUpdate.apply(current));
  }

  /**
   * A change of the current object, for {@link #guaranteedUpdate(String, String, Long, Change)}: {@code current} is the
   * change's own to modify; {@code pristine} gives another copy of it, left as read (decoded from the stored bytes on
   * first use: cheaper than copying {@code current}).
   */
  @FunctionalInterface
  public interface Change {
    HasMetadata apply(HasMetadata current, java.util.function.Supplier<HasMetadata> pristine);
  }

  /** {@link #guaranteedUpdate(String, String, Long, UnaryOperator)} with an unchanged copy of the object at hand. */
  public HasMetadata guaranteedUpdate(String namespace, String name, Long expectedRevision, Change tryUpdate) {
    return update(namespace, name, expectedRevision, tryUpdate, false);
  }

  private HasMetadata update(String namespace, String name, Long expectedRevision, Change tryUpdate, boolean handOver) {
    String key = type.key(namespace, name);
    while (true) {
      KeyValue current = store.get(key).orElseThrow(() -> notFound(name));
      if (expectedRevision != null && expectedRevision != current.modRevision()) {
        throw SkiffException.Conflict.optimisticLock(subject(name));
      }
      HasMetadata object = codec.decode(current, type.modelClass());
      HasMetadata updated = tryUpdate.apply(object, () -> codec.decode(current, type.modelClass()));
      byte[] bytes = codec.encode(updated);
      if (Arrays.equals(bytes, current.value())) {
        updated.getMetadata().setResourceVersion(Long.toString(current.modRevision()));
        return updated;
      }
      WatchCache.HandOver given = handOver ? new WatchCache.HandOver(key, bytes, updated) : null;
      if (given != null) {
        cache.handOver(given);
      }
      WriteResult r;
      try {
        r = store.update(key, bytes, current.modRevision());
      } catch (RuntimeException e) {
        if (given != null) {
          cache.withdraw(given);
        }
        throw e;
      }
      if (given != null && r instanceof WriteResult.Conflict) {
        cache.withdraw(given);
      }
      switch (r) {
        case WriteResult.Ok ok -> {
          // A handed-over object belongs to the watch cache now, which sets its resourceVersion itself.
          return given != null ? null : written(updated, ok.kv());
        }
        case WriteResult.Conflict c -> {
          if (c.current().isEmpty()) {
            throw notFound(name);
          }
          if (expectedRevision != null) {
            throw SkiffException.Conflict.optimisticLock(subject(name));
          }
        }
      }
    }
  }

  /**
   * {@link #guaranteedUpdate(String, String, Long, UnaryOperator)} for a caller that does not use the object written:
   * the watch cache takes it for the change instead of decoding the stored bytes again (pods/binding, once per
   * scheduled pod). Nothing may change the object after {@code tryUpdate} returned it.
   */
  public void guaranteedUpdateAndHandOver(String namespace, String name, UnaryOperator<HasMetadata> tryUpdate) {
    update(namespace, name, null, (current, pristine) -> tryUpdate.apply(current), true);
  }

  /**
   * The object just written as {@code kv}: {@code object} itself with the write's resourceVersion, not a decode of
   * the stored bytes: those are {@code object}'s own encoding, so decoding them would give an equal object at the
   * cost of a second parse.
   */
  private static HasMetadata written(HasMetadata object, KeyValue kv) {
    object.getMetadata().setResourceVersion(Long.toString(kv.modRevision()));
    return object;
  }

  /**
   * Removes the object if its revision is still {@code expectedRevision} (0: whatever it is); returns the object as
   * it was, with resourceVersion = the delete's revision.
   */
  public HasMetadata delete(String namespace, String name, long expectedRevision) {
    WriteResult r = store.delete(type.key(namespace, name), expectedRevision);
    return switch (r) {
      case WriteResult.Ok ok -> codec.decode(ok.kv(), type.modelClass());
      case WriteResult.Conflict c -> {
        if (c.current().isEmpty()) {
          throw notFound(name);
        }
        throw SkiffException.Conflict.optimisticLock(subject(name));
      }
    };
  }

  /** A page read straight from the store at {@code revision} (for continuation pages of a paginated list). */
  public Page listFromStore(String keyPrefix, long revision, int limit, String startAfter) {
    ListResult r = store.list(keyPrefix, revision, limit, startAfter);
    List<HasMetadata> items = new java.util.ArrayList<>(r.items().size());
    for (KeyValue kv : r.items()) {
      try {
        items.add(codec.decode(kv, type.modelClass()));
      } catch (SkiffException.Internal e) {
        LOG.warn("skipping {} in a list: {}", kv.key(), e.getMessage());
      }
    }
    String last = r.items().isEmpty() ? null : r.items().get(r.items().size() - 1).key();
    return new Page(items, r.revision(), r.more() ? last : null);
  }

  /** A consistent snapshot from the cache: waits until the cache has seen every write acknowledged so far. */
  public WatchCache.Snapshot consistentSnapshot(String keyPrefix) {
    cache.awaitRevision(store.currentRevision(), Duration.ofSeconds(3));
    return cache.snapshot(keyPrefix);
  }

  /**
   * A page of a list.
   *
   * @param items    the objects
   * @param revision the revision they were read at
   * @param nextKey  the last key of this page when more follow, else null
   */
  public record Page(List<HasMetadata> items, long revision, String nextKey) {}

  private SkiffException.NotFound notFound(String name) {
    return new SkiffException.NotFound(subject(name));
  }

  private SkiffException.Subject subject(String name) {
    return new SkiffException.Subject(type.groupResource(), name);
  }
}
