package io.skiff.store;

import java.time.Duration;
import java.util.Optional;

/**
 * A stream of changes, read with plain blocking calls (from a virtual thread).
 * Closing it frees its resources; a closed watch returns empty at once.
 */
public interface Watch extends AutoCloseable {

  /**
   * The next change, waiting up to {@code timeout}; empty when none came in time or the watch is closed.
   *
   * @throws CompactedException when the watcher fell so far behind that the changes it needs were compacted
   */
  Optional<WatchEvent> poll(Duration timeout) throws InterruptedException;

  /** Whether the watch was closed (by the caller or because the store closed). */
  boolean isClosed();

  @Override
  void close();
}
