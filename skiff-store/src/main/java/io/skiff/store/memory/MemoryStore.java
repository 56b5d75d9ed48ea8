package io.skiff.store.memory;

import io.skiff.common.SkiffException;
import io.skiff.store.CompactedException;
import io.skiff.store.KeyOrder;
import io.skiff.store.KeyValue;
import io.skiff.store.ListResult;
import io.skiff.store.Store;
import io.skiff.store.Watch;
import io.skiff.store.WatchEvent;
import io.skiff.store.WriteResult;
import io.skiff.store.broadcast.WatchBroadcaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory reference {@link Store}. Every key keeps its versions (as {@link WatchEvent}s: a {@code DELETED}
 * entry marks a deletion) so that a list at an older revision sees the state of that revision until compaction
 * forgets it; a global log of every event since the compaction point feeds watches that start in the past.
 *
 * <p>Watches: each watcher has a bounded queue of {@code watchQueueCapacity} live events. A watcher that lets its
 * queue fill up is closed (its {@link Watch#isClosed()} turns true and {@code poll} returns empty), because writers
 * never wait for readers; its client re-watches from the last revision it saw.
 *
 * <p>Writes and reads take one lock; the contents live only as long as the object.
 */
public final class MemoryStore implements Store {

  private final ReentrantLock lock = new ReentrantLock();
  /** Retained versions per key, oldest first; a key whose last entry is DELETED does not exist now. */
  private final TreeMap<String, List<WatchEvent>> history = new TreeMap<>(KeyOrder.COMPARATOR);
  /** Every event with revision in (compacted, revision], so the event of revision r is at index r - compacted - 1. */
  private final List<WatchEvent> log = new ArrayList<>();
  private final WatchBroadcaster broadcaster;
  private long revision;
  private long compacted;
  private boolean closed;

  /** A store whose watchers each buffer up to {@link WatchBroadcaster#DEFAULT_QUEUE_CAPACITY} live events. */
  public MemoryStore() {
    this(WatchBroadcaster.DEFAULT_QUEUE_CAPACITY);
  }

  /** A store whose watchers each buffer up to {@code watchQueueCapacity} live events before being closed. */
  public MemoryStore(int watchQueueCapacity) {
    this.broadcaster = new WatchBroadcaster(0, watchQueueCapacity);
  }

  @Override
  public Optional<KeyValue> get(String key) {
    lock.lock();
    try {
      ensureOpen();
      return current(key).map(MemoryStore::copy);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ListResult list(String prefix, long atRevision, int limit, String startAfter) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    lock.lock();
    try {
      ensureOpen();
      long at = readRevision(atRevision);
      List<KeyValue> items = new ArrayList<>();
      boolean more = false;
      for (Map.Entry<String, List<WatchEvent>> entry : keysFrom(prefix, startAfter).entrySet()) {
        if (!entry.getKey().startsWith(prefix)) {
          break;
        }
        Optional<KeyValue> version = versionAt(entry.getValue(), at);
        if (version.isEmpty()) {
          continue;
        }
        if (limit > 0 && items.size() == limit) {
          more = true;
          break;
        }
        items.add(copy(version.get()));
      }
      return new ListResult(items, at, more);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long count(String prefix) {
    lock.lock();
    try {
      ensureOpen();
      long n = 0;
      for (Map.Entry<String, List<WatchEvent>> entry : keysFrom(prefix, null).entrySet()) {
        if (!entry.getKey().startsWith(prefix)) {
          break;
        }
        if (entry.getValue().getLast().type() != WatchEvent.Type.DELETED) {
          n++;
        }
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public WriteResult create(String key, byte[] value) {
    lock.lock();
    try {
      ensureOpen();
      Optional<KeyValue> existing = current(key);
      if (existing.isPresent()) {
        return new WriteResult.Conflict(existing.map(MemoryStore::copy));
      }
      long rev = revision + 1;
      return ok(append(WatchEvent.Type.CREATED, new KeyValue(key, value.clone(), rev, rev)));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public WriteResult update(String key, byte[] value, long expectedModRevision) {
    lock.lock();
    try {
      ensureOpen();
      Optional<KeyValue> existing = current(key);
      if (existing.isEmpty() || existing.get().modRevision() != expectedModRevision) {
        return new WriteResult.Conflict(existing.map(MemoryStore::copy));
      }
      KeyValue next = new KeyValue(key, value.clone(), existing.get().createRevision(), revision + 1);
      return ok(append(WatchEvent.Type.UPDATED, next));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public WriteResult delete(String key, long expectedModRevision) {
    lock.lock();
    try {
      ensureOpen();
      Optional<KeyValue> existing = current(key);
      if (existing.isEmpty() || (expectedModRevision != 0 && existing.get().modRevision() != expectedModRevision)) {
        return new WriteResult.Conflict(existing.map(MemoryStore::copy));
      }
      KeyValue last = existing.get();
      return ok(append(WatchEvent.Type.DELETED, new KeyValue(key, last.value(), last.createRevision(), revision + 1)));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Watch watch(String prefix, long afterRevision) {
    lock.lock();
    try {
      ensureOpen();
      if (afterRevision < compacted) {
        throw new CompactedException(afterRevision, compacted);
      }
      return broadcaster.register(prefix, afterRevision, this::replay);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void compact(long atRevision) {
    lock.lock();
    try {
      ensureOpen();
      if (atRevision > revision) {
        throw new SkiffException.BadRequest("cannot compact at revision " + atRevision
            + ": it is newer than the current revision " + revision);
      }
      if (atRevision <= compacted) {
        return;
      }
      history.values().removeIf(versions -> forgetUpTo(versions, atRevision));
      log.subList(0, (int) (atRevision - compacted)).clear();
      compacted = atRevision;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long currentRevision() {
    lock.lock();
    try {
      return revision;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long compactedRevision() {
    lock.lock();
    try {
      return compacted;
    } finally {
      lock.unlock();
    }
  }

  /** Drops history; open watches end (their {@code poll} returns empty). Closing twice is harmless. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      history.clear();
      log.clear();
    } finally {
      lock.unlock();
    }
    broadcaster.close();
  }

  private List<WatchEvent> replay(String prefix, long afterRevision, long upToRevision, int max) {
    lock.lock();
    try {
      ensureOpen();
      if (afterRevision < compacted) {
        throw new CompactedException(afterRevision, compacted);
      }
      List<WatchEvent> out = new ArrayList<>();
      for (long rev = afterRevision + 1; rev <= upToRevision && out.size() < max; rev++) {
        WatchEvent event = log.get((int) (rev - compacted - 1));
        if (event.kv().key().startsWith(prefix)) {
          out.add(new WatchEvent(event.type(), copy(event.kv())));
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Records a new version (the caller holds the lock and built {@code kv} with modRevision = revision + 1). */
  private WatchEvent append(WatchEvent.Type type, KeyValue kv) {
    WatchEvent event = new WatchEvent(type, kv);
    revision = kv.modRevision();
    history.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(event);
    log.add(event);
    broadcaster.publish(List.of(new WatchEvent(type, copy(kv))));
    return event;
  }

  private static WriteResult ok(WatchEvent event) {
    return new WriteResult.Ok(copy(event.kv()));
  }

  private Optional<KeyValue> current(String key) {
    List<WatchEvent> versions = history.get(key);
    if (versions == null || versions.getLast().type() == WatchEvent.Type.DELETED) {
      return Optional.empty();
    }
    return Optional.of(versions.getLast().kv());
  }

  private long readRevision(long requested) {
    if (requested == 0) {
      return revision;
    }
    if (requested < compacted) {
      throw new CompactedException(requested, compacted);
    }
    if (requested > revision) {
      throw new SkiffException.BadRequest("revision " + requested + " is newer than the current revision " + revision);
    }
    return requested;
  }

  private Map<String, List<WatchEvent>> keysFrom(String prefix, String startAfter) {
    if (startAfter != null && KeyOrder.compare(startAfter, prefix) >= 0) {
      return history.tailMap(startAfter, false);
    }
    return history.tailMap(prefix, true);
  }

  /** The version of a key at revision {@code at}: its newest entry at or below {@code at}, unless that is a delete. */
  private static Optional<KeyValue> versionAt(List<WatchEvent> versions, long at) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      WatchEvent event = versions.get(i);
      if (event.revision() <= at) {
        return event.type() == WatchEvent.Type.DELETED ? Optional.empty() : Optional.of(event.kv());
      }
    }
    return Optional.empty();
  }

  /**
   * Forgets the versions of one key that no read at or above {@code at} can see: all but the newest at or below
   * {@code at}, and that one too when it is a delete. Returns whether the key has no versions left.
   */
  private static boolean forgetUpTo(List<WatchEvent> versions, long at) {
    int newestAtOrBelow = -1;
    for (int i = 0; i < versions.size() && versions.get(i).revision() <= at; i++) {
      newestAtOrBelow = i;
    }
    if (newestAtOrBelow >= 0) {
      boolean deleted = versions.get(newestAtOrBelow).type() == WatchEvent.Type.DELETED;
      versions.subList(0, deleted ? newestAtOrBelow + 1 : newestAtOrBelow).clear();
    }
    return versions.isEmpty();
  }

  private static KeyValue copy(KeyValue kv) {
    return new KeyValue(kv.key(), kv.value().clone(), kv.createRevision(), kv.modRevision());
  }

  private void ensureOpen() {
    if (closed) {
      throw new SkiffException.Unavailable("the store is closed", null);
    }
  }
}
