package io.skiff.store.sqlite;

import io.skiff.common.SkiffException;
import io.skiff.store.CompactedException;
import io.skiff.store.KeyValue;
import io.skiff.store.ListResult;
import io.skiff.store.Store;
import io.skiff.store.Watch;
import io.skiff.store.WriteResult;
import io.skiff.store.broadcast.WatchBroadcaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Store} on one SQLite file, in kine's shape: an append-only log table whose autoincrement id is the
 * revision, so revisions keep increasing across restarts. Writes go through one writer thread with group commit
 * ({@link LogWriter}); reads use a small pool of connections ({@link ReadPool}); watches are fed by the writer
 * through a {@link WatchBroadcaster} and replay older revisions from the log table. Every acknowledged write has
 * been committed with {@code synchronous=FULL}. It serves one process: another process writing the same file
 * would not be seen by this one's watches.
 */
public final class SqliteStore implements Store {
  private final Path file;
  private final LogWriter writer;
  private final LogReader reader;
  private final ReadPool pool;
  private final WatchBroadcaster broadcaster;

  private SqliteStore(Path file, LogWriter writer, ReadPool pool, WatchBroadcaster broadcaster) {
    this.file = file;
    this.writer = writer;
    this.pool = pool;
    this.reader = new LogReader(pool);
    this.broadcaster = broadcaster;
  }

  /** Opens (creating it, its parent directories and its tables when missing) the store in {@code dbFile}. */
  public static SqliteStore open(Path dbFile) {
    return open(dbFile, SqliteStoreOptions.defaults());
  }

  /** Opens the store in {@code dbFile} with {@code options}. */
  public static SqliteStore open(Path dbFile, SqliteStoreOptions options) {
    try {
      Path parent = dbFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new SkiffException.Unavailable("cannot create the directory of the store file " + dbFile + ": " + e.getMessage(), e);
    }
    Connections connections = new Connections(dbFile, options);
    Connection writerConnection = null;
    ReadPool pool = null;
    try {
      writerConnection = connections.openWriter();
      long revision = LogReader.currentRevision(writerConnection);
      long compacted = LogReader.compactedRevision(writerConnection);
      pool = new ReadPool(connections, options.readConnections());
      WatchBroadcaster broadcaster = new WatchBroadcaster(revision, options.watchQueueCapacity());
      LogWriter writer = LogWriter.start(writerConnection, revision, compacted, options, broadcaster::publish);
      return new SqliteStore(dbFile, writer, pool, broadcaster);
    } catch (SQLException e) {
      if (pool != null) {
        pool.close();
      }
      closeQuietly(writerConnection);
      throw new SkiffException.Unavailable("cannot open the store file " + dbFile + ": " + e.getMessage(), e);
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return reader.get(key);
  }

  @Override
  public ListResult list(String prefix, long revision, int limit, String startAfter) {
    return reader.list(prefix, revision, limit, startAfter);
  }

  @Override
  public long count(String prefix) {
    return reader.count(prefix);
  }

  @Override
  public WriteResult create(String key, byte[] value) {
    CompletableFuture<WriteResult> answer = new CompletableFuture<>();
    return writer.submit(new WriteRequest.Create(key, value.clone(), answer), answer);
  }

  @Override
  public WriteResult update(String key, byte[] value, long expectedModRevision) {
    CompletableFuture<WriteResult> answer = new CompletableFuture<>();
    return writer.submit(new WriteRequest.Update(key, value.clone(), expectedModRevision, answer), answer);
  }

  @Override
  public WriteResult delete(String key, long expectedModRevision) {
    CompletableFuture<WriteResult> answer = new CompletableFuture<>();
    return writer.submit(new WriteRequest.Delete(key, expectedModRevision, answer), answer);
  }

  /**
   * {@inheritDoc} A watcher has a bounded queue of live events ({@link SqliteStoreOptions#watchQueueCapacity()});
   * one that lets it fill up is closed, and its caller re-watches from the last revision it saw.
   */
  @Override
  public Watch watch(String prefix, long afterRevision) {
    if (writer.isClosing()) {
      throw new SkiffException.Unavailable("the store is closed", null);
    }
    long compacted = writer.compactedRevision();
    if (afterRevision < compacted) {
      throw new CompactedException(afterRevision, compacted);
    }
    return broadcaster.register(prefix, afterRevision, reader::replay);
  }

  /** {@inheritDoc} Runs on the writer thread, between two groups of writes. */
  @Override
  public void compact(long revision) {
    CompletableFuture<Void> answer = new CompletableFuture<>();
    writer.submit(new WriteRequest.Compact(revision, answer), answer);
  }

  @Override
  public long currentRevision() {
    return writer.committedRevision();
  }

  @Override
  public long compactedRevision() {
    return writer.compactedRevision();
  }

  /** Commits the queued writes, stops the writer, ends every watch and closes the connections. Idempotent. */
  @Override
  public void close() {
    writer.close();
    broadcaster.close();
    pool.close();
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Opening already failed; that failure is the one reported.
      }
    }
  }
}
