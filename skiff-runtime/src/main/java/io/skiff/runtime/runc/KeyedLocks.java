package io.skiff.runtime.runc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@link ReentrantLock} per id, created on demand and dropped when nobody holds or waits for it. Blocking work
 * (runc, conmon, CNI) happens under these locks, so they are never {@code synchronized}.
 */
final class KeyedLocks {
  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** A held lock on the key; closing releases it. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  Held lock(String key) {
    Entry e = entries.compute(key, (k, v) -> {
      Entry entry = v == null ? new Entry() : v;
      entry.users++;
      return entry;
    });
    e.lock.lock();
    return () -> {
      e.lock.unlock();
      entries.compute(key, (k, v) -> {
        if (v == null) {
          return null;
        }
        v.users--;
        return v.users == 0 ? null : v;
      });
    };
  }
}
