package io.skiff.store.sqlite;

import io.skiff.store.broadcast.WatchBroadcaster;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SqliteStore} runs.
 *
 * @param readConnections     connections in the read pool
 * @param writeQueueCapacity  writes that may wait for the writer thread before callers block
 * @param maxBatch            most writes committed in one transaction (group commit)
 * @param watchQueueCapacity  live events a watcher may have pending before it is closed
 * @param busyTimeout         how long SQLite waits for a lock held by another connection
 * @param writeTimeout        how long a caller waits for room in the write queue before giving up
 */
public record SqliteStoreOptions(int readConnections, int writeQueueCapacity, int maxBatch, int watchQueueCapacity,
    Duration busyTimeout, Duration writeTimeout) {

  public SqliteStoreOptions {
    positive("readConnections", readConnections);
    positive("writeQueueCapacity", writeQueueCapacity);
    positive("maxBatch", maxBatch);
    positive("watchQueueCapacity", watchQueueCapacity);
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    if (busyTimeout.isNegative() || writeTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timeouts must be between zero and Integer.MAX_VALUE ms");
    }
  }

  /** Four readers, a queue of 1024 writes, batches of up to 256, the default watch queue, 5 s busy timeout. */
  public static SqliteStoreOptions defaults() {
    return new SqliteStoreOptions(4, 1024, 256, WatchBroadcaster.DEFAULT_QUEUE_CAPACITY, Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  /** The same options with another watch queue capacity. */
  public SqliteStoreOptions withWatchQueueCapacity(int capacity) {
    return new SqliteStoreOptions(readConnections, writeQueueCapacity, maxBatch, capacity, busyTimeout, writeTimeout);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
