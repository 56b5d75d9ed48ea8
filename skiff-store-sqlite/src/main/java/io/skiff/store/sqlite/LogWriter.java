package io.skiff.store.sqlite;

import io.skiff.common.SkiffException;
import io.skiff.store.KeyValue;
import io.skiff.store.WatchEvent;
import io.skiff.store.WriteResult;
import io.skiff.store.sqlite.WriteRequest.Compact;
import io.skiff.store.sqlite.WriteRequest.Create;
import io.skiff.store.sqlite.WriteRequest.Delete;
import io.skiff.store.sqlite.WriteRequest.KeyWrite;
import io.skiff.store.sqlite.WriteRequest.Stop;
import io.skiff.store.sqlite.WriteRequest.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The only thread that writes the database. Callers queue {@link WriteRequest}s on a bounded queue; the writer takes
 * whatever is queued (up to {@code maxBatch}), applies it in one {@code BEGIN IMMEDIATE} transaction, each write
 * getting its own revision, commits (one fsync for the group), publishes the events, and only then answers the
 * callers. If a group fails, each of its writes is retried in a transaction of its own, so one bad write fails alone.
 * It is a platform thread because every SQLite call is a native call, which would pin a virtual thread anyway.
 */
final class LogWriter implements AutoCloseable {

  private record Applied(Optional<WatchEvent> event, Runnable answer) {}

  private final Connection connection;
  private final SqliteStoreOptions options;
  private final Consumer<List<WatchEvent>> publisher;
  private final BlockingQueue<WriteRequest> queue;
  private final Thread thread;
  private final PreparedStatement begin;
  private final PreparedStatement commit;
  private final PreparedStatement rollback;
  private final PreparedStatement latest;
  private final PreparedStatement insert;
  private final PreparedStatement compact;
  private final PreparedStatement setCompacted;

  /** Writer thread only: the revision of the newest row written in the open transaction. */
  private long pendingRevision;
  private long pendingCompacted;
  private volatile long committedRevision;
  private volatile long compactedRevision;
  private final ReentrantLock closeLock = new ReentrantLock();
  private volatile boolean closing;
  private volatile boolean stopped;

  private LogWriter(Connection connection, long revision, long compacted, SqliteStoreOptions options,
      Consumer<List<WatchEvent>> publisher) throws SQLException {
    this.connection = connection;
    this.options = options;
    this.publisher = publisher;
    this.queue = new ArrayBlockingQueue<>(options.writeQueueCapacity());
    this.committedRevision = revision;
    this.compactedRevision = compacted;
    this.pendingRevision = revision;
    this.pendingCompacted = compacted;
    this.begin = connection.prepareStatement(Sql.BEGIN_WRITE);
    this.commit = connection.prepareStatement(Sql.COMMIT);
    this.rollback = connection.prepareStatement(Sql.ROLLBACK);
    this.latest = connection.prepareStatement(Sql.LATEST_ROW);
    this.insert = connection.prepareStatement(Sql.INSERT);
    this.compact = connection.prepareStatement(Sql.COMPACT);
    this.setCompacted = connection.prepareStatement(Sql.SET_COMPACTED_REVISION);
    this.thread = Thread.ofPlatform().name("skiff-sqlite-writer").daemon(true).unstarted(this::run);
  }

  /**
   * Starts the writer on {@code connection} (which it owns from now on), whose newest revision is {@code revision}
   * and compaction point {@code compacted}; committed events go to {@code publisher}, in revision order.
   */
  static LogWriter start(Connection connection, long revision, long compacted, SqliteStoreOptions options,
      Consumer<List<WatchEvent>> publisher) throws SQLException {
    LogWriter writer = new LogWriter(connection, revision, compacted, options, publisher);
    writer.thread.start();
    return writer;
  }

  long committedRevision() {
    return committedRevision;
  }

  long compactedRevision() {
    return compactedRevision;
  }

  /** Whether {@link #close} has begun: no more writes are taken. */
  boolean isClosing() {
    return closing;
  }

  /** Queues {@code request} and waits until it is committed; throws what the writer failed it with. */
  <T> T submit(WriteRequest request, CompletableFuture<T> answer) {
    if (closing) {
      throw closed();
    }
    try {
      if (!queue.offer(request, options.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SkiffException.Timeout("the store's write queue stayed full for " + options.writeTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while queueing a write", e);
    }
    if (stopped) {
      failQueued();
    }
    return await(answer);
  }

  private static <T> T await(CompletableFuture<T> answer) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while waiting for a write to commit; it may have been applied", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new SkiffException.Internal("the store writer failed", e.getCause());
    }
  }

  private void run() {
    List<WriteRequest> batch = new ArrayList<>(options.maxBatch());
    try {
      boolean running = true;
      while (running) {
        batch.add(queue.take());
        queue.drainTo(batch, options.maxBatch() - 1);
        int stop = indexOfStop(batch);
        if (stop >= 0) {
          running = false;
          batch.subList(stop + 1, batch.size()).forEach(request -> request.fail(closed()));
          batch.subList(stop + 1, batch.size()).clear();
        }
        commitGroup(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped = true;
      SkiffException stoppedError = new SkiffException.Unavailable("the store writer stopped", null);
      batch.forEach(request -> request.fail(stoppedError));
      failQueued();
      closeConnection();
    }
  }

  private static int indexOfStop(List<WriteRequest> batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i) instanceof Stop) {
        return i;
      }
    }
    return -1;
  }

  private void commitGroup(List<WriteRequest> group) {
    List<Applied> applied = new ArrayList<>(group.size());
    try {
      begin.execute();
      for (WriteRequest request : group) {
        applied.add(apply(request));
      }
      commit.execute();
    } catch (SQLException | RuntimeException e) {
      rollback();
      if (group.size() == 1) {
        group.getFirst().fail(e instanceof SkiffException skiff ? skiff
            : new SkiffException.Unavailable("writing the store failed: " + e.getMessage(), e));
      } else {
        group.forEach(request -> commitGroup(List.of(request)));
      }
      return;
    }
    committedRevision = pendingRevision;
    compactedRevision = pendingCompacted;
    try {
      publisher.accept(applied.stream().flatMap(a -> a.event().stream()).toList());
    } finally {
      applied.forEach(a -> a.answer().run());
    }
  }

  private Applied apply(WriteRequest request) throws SQLException {
    return switch (request) {
      case KeyWrite write -> applyKeyWrite(write, latestRow(write.key()));
      case Compact c -> applyCompact(c);
      case Stop s -> new Applied(Optional.empty(), () -> s.answer().complete(null));
    };
  }

  private Optional<Row> latestRow(String key) throws SQLException {
    latest.setString(1, key);
    try (ResultSet rs = latest.executeQuery()) {
      return rs.next() ? Optional.of(Row.read(rs)) : Optional.empty();
    }
  }

  private Applied applyKeyWrite(KeyWrite write, Optional<Row> latestRow) throws SQLException {
    Optional<Row> live = latestRow.filter(row -> !row.deleted());
    Optional<KeyValue> current = live.map(Row::keyValue);
    Row written = switch (write) {
      case Create c -> live.isPresent() ? null : insert(c.key(), true, false, 0, latestRow, c.value());
      case Update u -> live.isEmpty() || live.get().id() != u.expectedModRevision() ? null
          : insert(u.key(), false, false, live.get().createRevision(), latestRow, u.value());
      case Delete d -> live.isEmpty() || (d.expectedModRevision() != 0 && live.get().id() != d.expectedModRevision()) ? null
          : insert(d.key(), false, true, live.get().createRevision(), latestRow, live.get().value());
    };
    if (written == null) {
      return new Applied(Optional.empty(), () -> write.answer().complete(new WriteResult.Conflict(current)));
    }
    return new Applied(Optional.of(written.event()), () -> write.answer().complete(new WriteResult.Ok(written.keyValue())));
  }

  /** Appends a row with the next revision; a created row's create revision is its own (pass 0). */
  private Row insert(String key, boolean created, boolean deleted, long createRevision, Optional<Row> previous,
      byte[] value) throws SQLException {
    long revision = pendingRevision + 1;
    Row row = new Row(revision, key, created, deleted, created ? revision : createRevision, value);
    insert.setLong(1, row.id());
    insert.setString(2, key);
    insert.setInt(3, created ? 1 : 0);
    insert.setInt(4, deleted ? 1 : 0);
    insert.setLong(5, row.createRevision());
    insert.setLong(6, previous.map(Row::id).orElse(0L));
    insert.setBytes(7, value);
    insert.executeUpdate();
    pendingRevision = revision;
    return row;
  }

  private Applied applyCompact(Compact request) throws SQLException {
    long revision = request.revision();
    if (revision > pendingRevision) {
      var refused = new SkiffException.BadRequest("cannot compact at revision " + revision
          + ": it is newer than the current revision " + pendingRevision);
      return new Applied(Optional.empty(), () -> request.fail(refused));
    }
    if (revision > pendingCompacted) {
      compact.setLong(1, revision);
      compact.setLong(2, revision);
      compact.executeUpdate();
      setCompacted.setLong(1, revision);
      setCompacted.executeUpdate();
      pendingCompacted = revision;
    }
    return new Applied(Optional.empty(), () -> request.answer().complete(null));
  }

  private void rollback() {
    pendingRevision = committedRevision;
    pendingCompacted = compactedRevision;
    try {
      rollback.execute();
    } catch (SQLException e) {
      // No transaction was open, or the connection is broken; then the next BEGIN reports it to its callers.
    }
  }

  private void failQueued() {
    List<WriteRequest> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(request -> request.fail(closed()));
  }

  private void closeConnection() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Every write was answered before this point; a failing close loses nothing.
    }
  }

  /** Commits everything queued so far, then stops the writer and closes its connection. Idempotent. */
  @Override
  public void close() {
    closeLock.lock();
    try {
      if (closing) {
        return;
      }
      closing = true;
      if (thread.isAlive()) {
        queue.put(new Stop(new CompletableFuture<>()));
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeLock.unlock();
    }
  }

  private static SkiffException closed() {
    return new SkiffException.Unavailable("the store is closed", null);
  }
}
