package io.skiff.apiserver.storage;

import io.skiff.apiserver.resource.ResourceType;
import io.skiff.store.CompactedException;
import io.skiff.store.Store;
import io.skiff.store.Watch;
import io.skiff.store.WatchEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds every {@link WatchCache} from one watch of the whole store, so that each cache's revision follows the
 * store's: a consistent list waits for the store revision at request time, whichever type was written last.
 */
public final class WatchCaches implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchCaches.class);
  private static final String ROOT = "/registry/";
  /** A store that was away (etcd restarting) is watched again within a second of its return. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final Store store;
  private final Map<String, WatchCache> byPrefix = new LinkedHashMap<>();
  private volatile boolean closed;
  private Thread dispatcher;

  public WatchCaches(Store store, List<WatchCache> caches) {
    this.store = store;
    for (WatchCache c : caches) {
      byPrefix.put(c.type().keyPrefix(), c);
    }
  }

  /** Loads every cache at one revision and starts following the store. */
  public void start() {
    long from = loadAll();
    dispatcher = Thread.ofVirtual().name("watch-caches").start(() -> follow(from));
  }

  private long loadAll() {
    long revision = store.currentRevision();
    for (WatchCache c : byPrefix.values()) {
      c.load(store.list(c.type().keyPrefix(), revision, 0, null));
    }
    return revision;
  }

  private void follow(long from) {
    long after = from;
    Duration backoff = Duration.ofMillis(100);
    while (!closed) {
      try (Watch watch = store.watch(ROOT, after)) {
        while (!closed && !watch.isClosed()) {
          Optional<WatchEvent> next = watch.poll(Duration.ofSeconds(1));
          if (next.isPresent()) {
            dispatch(next.get());
            after = next.get().revision();
            backoff = Duration.ofMillis(100);
          }
        }
      } catch (CompactedException e) {
        LOG.warn("the watch caches fell behind compaction; reloading");
        byPrefix.values().forEach(WatchCache::closeAllWatchers);
        after = loadAll();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("store watch failed, retrying in {}: {}", backoff, e.toString());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  private void dispatch(WatchEvent event) {
    String key = event.kv().key();
    for (Map.Entry<String, WatchCache> e : byPrefix.entrySet()) {
      if (key.startsWith(e.getKey())) {
        e.getValue().apply(event);
      } else {
        e.getValue().advance(event.revision());
      }
    }
  }

  /**
   * Compacts the store at {@code revision} and trims every cache's window to match, so that a watch from an older
   * resourceVersion answers 410 Gone.
   */
  public void compact(long revision) {
    store.compact(revision);
    byPrefix.values().forEach(c -> c.trimTo(revision));
  }

  /** The cache of {@code type}. */
  public WatchCache of(ResourceType type) {
    WatchCache c = byPrefix.get(type.keyPrefix());
    if (c == null) {
      throw new IllegalArgumentException("no watch cache for " + type.groupResource());
    }
    return c;
  }

  @Override
  public void close() {
    closed = true;
    if (dispatcher != null) {
      dispatcher.interrupt();
      try {
        dispatcher.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byPrefix.values().forEach(WatchCache::close);
  }
}
