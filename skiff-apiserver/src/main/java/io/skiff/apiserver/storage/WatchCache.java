package io.skiff.apiserver.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.common.SkiffException;
import io.skiff.store.CompactedException;
import io.skiff.store.KeyValue;
import io.skiff.store.ListResult;
import io.skiff.store.WatchEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects of one resource type held in memory, as the apiserver's cacher: every list and watch is served from
 * here, so a list of 10,000 pods does not touch the store. {@link WatchCaches} feeds it the store's changes in
 * revision order; it keeps a window of recent events for watches that start from an older resourceVersion and
 * hands each change to every watcher's bounded queue. A watcher that falls too far behind is closed (its client
 * lists again), so one slow client never holds up the rest.
 */
public final class WatchCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);
  private static final int HISTORY = 10_000;
  static final int WATCHER_QUEUE = 4096;

  /**
   * One change as watchers see it; {@code previous} is the object before the change (null for ADDED); {@code encoded}
   * holds the JSON of {@code object}, encoded once for every watcher that sends the event.
   */
  public record Event(Type type, EncodedObject encoded, HasMetadata previous, long revision) {
    public enum Type { ADDED, MODIFIED, DELETED }

    public HasMetadata object() {
      return encoded.object();
    }

    /** The same object reported as another type of change (a watcher whose selector it entered or left). */
    Event as(Type other, HasMetadata previousObject) {
      return new Event(other, encoded, previousObject, revision);
    }
  }

  /** A consistent view: the objects in key order at {@code revision}. */
  public record Snapshot(List<HasMetadata> items, long revision) {}

  private final ResourceType type;
  private final ObjectCodec codec;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private final TreeMap<String, HasMetadata> objects = new TreeMap<>();
  private final ArrayDeque<Event> history = new ArrayDeque<>();
  private final List<CacheWatcher> watchers = new CopyOnWriteArrayList<>();
  /** Objects handed over by their writers, by key, until their change is applied (guarded by {@code lock}). */
  private final Map<String, HandOver> handOvers = new java.util.HashMap<>();
  private long revision;
  private long oldestRevision;

  public WatchCache(ResourceType type, ObjectCodec codec) {
    this.type = type;
    this.codec = codec;
  }

  public ResourceType type() {
    return type;
  }

  /** Replaces the cache's content with a list read at one revision (start, or a reload after falling behind). */
  void load(ListResult all) {
    lock.lock();
    try {
      objects.clear();
      history.clear();
      for (KeyValue kv : all.items()) {
        try {
          objects.put(kv.key(), codec.decode(kv, type.modelClass()));
        } catch (SkiffException.Internal e) {
          LOG.warn("skipping {}: {}", kv.key(), e.getMessage());
        }
      }
      revision = all.revision();
      oldestRevision = all.revision();
      handOvers.clear();
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Records that the store has reached {@code storeRevision} with no change of this type since the last one. */
  void advance(long storeRevision) {
    lock.lock();
    try {
      if (storeRevision > revision) {
        revision = storeRevision;
        advanced.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * An object about to be written as {@code key}, with {@code bytes} as its stored form, given up by its writer: when
   * the change with exactly those bytes arrives, the cache takes the object for it instead of decoding the bytes (they
   * are its encoding, so the decode would give an equal object). Registered before the write, because the change
   * can reach the cache before the writer hears that it committed; {@link #withdraw} it when the write did not happen.
   */
  record HandOver(String key, byte[] bytes, HasMetadata object) {}

  void handOver(HandOver handOver) {
    lock.lock();
    try {
      handOvers.put(handOver.key(), handOver);
    } finally {
      lock.unlock();
    }
  }

  /** Forgets {@code handOver} if the cache has not taken it (its write failed or lost a race). */
  void withdraw(HandOver handOver) {
    lock.lock();
    try {
      handOvers.remove(handOver.key(), handOver);
    } finally {
      lock.unlock();
    }
  }

  /** Applies one change of this type, in revision order. */
  void apply(WatchEvent change) {
    HasMetadata object = handedOver(change);
    if (object == null) {
      try {
        object = codec.decode(change.kv(), type.modelClass());
      } catch (SkiffException.Internal e) {
        LOG.warn("skipping change of {}: {}", change.kv().key(), e.getMessage());
        return;
      }
    }
    EncodedObject encoded = new EncodedObject(object, codec);
    lock.lock();
    try {
      String key = change.kv().key();
      HasMetadata previous = objects.get(key);
      Event event;
      switch (change.type()) {
        case DELETED -> {
          objects.remove(key);
          event = new Event(Event.Type.DELETED, encoded, previous == null ? object : previous, change.revision());
        }
        case CREATED, UPDATED -> {
          objects.put(key, object);
          event = new Event(previous == null ? Event.Type.ADDED : Event.Type.MODIFIED, encoded, previous, change.revision());
        }
        default -> throw new IllegalStateException();
      }
      revision = change.revision();
      history.addLast(event);
      if (history.size() > HISTORY) {
        oldestRevision = history.removeFirst().revision();
      }
      for (CacheWatcher w : watchers) {
        if (!w.offer(event)) {
          watchers.remove(w);
        }
      }
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The object handed over for {@code change}, with the change's resourceVersion; null when there is none. */
  private HasMetadata handedOver(WatchEvent change) {
    if (change.type() == WatchEvent.Type.DELETED) {
      return null;
    }
    lock.lock();
    try {
      HandOver h = handOvers.get(change.kv().key());
      if (h == null || !java.util.Arrays.equals(h.bytes(), change.kv().value())) {
        return null;
      }
      handOvers.remove(h.key());
      h.object().getMetadata().setResourceVersion(Long.toString(change.kv().modRevision()));
      return h.object();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the changes at or below {@code compacted}: watches from there on answer 410 Gone, as after etcd's compaction. */
  void trimTo(long compacted) {
    lock.lock();
    try {
      while (!history.isEmpty() && history.peekFirst().revision() <= compacted) {
        history.removeFirst();
      }
      oldestRevision = Math.max(oldestRevision, compacted);
    } finally {
      lock.unlock();
    }
  }

  /** The cache's revision: every change up to it has been applied. */
  public long revision() {
    lock.lock();
    try {
      return revision;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the cache has caught up with {@code target} (a consistent read, as Kubernetes serves one from its
   * cache since 1.31).
   */
  public void awaitRevision(long target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (revision < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SkiffException.Timeout("Too large resource version: " + target + ", current: " + revision);
        }
        advanced.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Timeout("interrupted waiting for the watch cache");
    } finally {
      lock.unlock();
    }
  }

  /** The cached object at {@code key}, as of the cache's revision (which may trail the store's by a moment). */
  public java.util.Optional<HasMetadata> find(String key) {
    lock.lock();
    try {
      return java.util.Optional.ofNullable(objects.get(key));
    } finally {
      lock.unlock();
    }
  }

  /** The objects whose keys start with {@code keyPrefix} (a namespace's, or all), at one revision. */
  public Snapshot snapshot(String keyPrefix) {
    lock.lock();
    try {
      Map<String, HasMetadata> range = objects.tailMap(keyPrefix, true);
      List<HasMetadata> items = new ArrayList<>();
      for (Map.Entry<String, HasMetadata> e : range.entrySet()) {
        if (!e.getKey().startsWith(keyPrefix)) {
          break;
        }
        items.add(e.getValue());
      }
      return new Snapshot(items, revision);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts a watch of the objects that {@code filter} accepts.
   *
   * @param afterRevision deliver changes after this revision; when {@code initialState} is set, the current matching
   *                      objects are delivered first as ADDED and changes after the cache's revision follow
   * @throws CompactedException when changes after {@code afterRevision} are no longer in the window
   */
  public CacheWatcher watch(long afterRevision, boolean initialState, Predicate<HasMetadata> filter) {
    lock.lock();
    try {
      CacheWatcher w = new CacheWatcher(filter, this::remove);
      if (initialState) {
        for (HasMetadata o : objects.values()) {
          w.addInitial(new Event(Event.Type.ADDED, new EncodedObject(o, codec), null, revision));
        }
      } else {
        if (afterRevision < oldestRevision) {
          throw new CompactedException(afterRevision, oldestRevision);
        }
        for (Event e : history) {
          if (e.revision() > afterRevision) {
            w.addInitial(e);
          }
        }
      }
      watchers.add(w);
      return w;
    } finally {
      lock.unlock();
    }
  }

  private void remove(CacheWatcher w) {
    watchers.remove(w);
  }

  /** Ends every watch (after a reload: their clients must list again). */
  void closeAllWatchers() {
    for (CacheWatcher w : watchers) {
      w.close();
    }
    watchers.clear();
  }

  /** How many watchers are open (for tests and metrics). */
  public int watcherCount() {
    return watchers.size();
  }

  @Override
  public void close() {
    closeAllWatchers();
  }
}
