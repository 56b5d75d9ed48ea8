package io.skiff.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory of recently posted events, least recently used forgotten first, as Kubernetes keeps 4096 of them per
 * recorder. Thread-safe; the lock guards only the map.
 */
final class RecentEvents {
  /** An event as posted: where it is stored and how often it has occurred so far. */
  record Posted(String namespace, String name, int count) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<CorrelationKey, Posted> posted;

  RecentEvents(int capacity) {
    this.posted = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<CorrelationKey, Posted> eldest) {
        return size() > capacity;
      }
    };
  }

  Posted find(CorrelationKey key) {
    lock.lock();
    try {
      return posted.get(key);
    } finally {
      lock.unlock();
    }
  }

  void remember(CorrelationKey key, Posted value) {
    lock.lock();
    try {
      posted.put(key, value);
    } finally {
      lock.unlock();
    }
  }

  void forget(CorrelationKey key) {
    lock.lock();
    try {
      posted.remove(key);
    } finally {
      lock.unlock();
    }
  }
}
