package io.skiff.store.sqlite;

import io.skiff.common.SkiffException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed pool of read connections. {@link #read} runs a function in one read transaction, so that every query in
 * it sees the same snapshot of the database; {@link #query} runs a single statement, which SQLite reads from one
 * snapshot on its own. Statements of constant SQL (the transaction's BEGIN and COMMIT, a single query) are prepared
 * once per connection and kept: preparing them again for every read cost as much as running them.
 */
final class ReadPool implements AutoCloseable {

  /** A read that may throw SQL errors; the pool turns them into {@link SkiffException.Unavailable}. */
  @FunctionalInterface
  interface Read<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** One query on a statement the pool keeps prepared; the query binds its parameters and reads the result. */
  @FunctionalInterface
  interface Query<T> {
    T apply(PreparedStatement statement) throws SQLException;
  }

  /** A pooled connection and the statements prepared on it (used by one thread at a time, as the connection is). */
  private static final class Reader {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Reader(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement prepared(String sql) throws SQLException {
      PreparedStatement statement = prepared.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        prepared.put(sql, statement);
      }
      return statement;
    }

    void close() {
      try {
        for (PreparedStatement statement : prepared.values()) {
          statement.close();
        }
        connection.close();
      } catch (SQLException e) {
        // Closing a read connection can only fail if it is already unusable; nothing is lost.
      }
    }
  }

  private final BlockingQueue<Reader> idle;
  private final String description;
  private volatile boolean closed;

  ReadPool(Connections connections, int size) throws SQLException {
    this.idle = new ArrayBlockingQueue<>(size);
    this.description = "the store file " + connections.file();
    try {
      for (int i = 0; i < size; i++) {
        idle.add(new Reader(connections.openReader()));
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  /** Runs {@code read} inside one read transaction on a pooled connection. */
  <T> T read(Read<T> read) {
    Reader reader = borrow();
    try {
      reader.prepared(Sql.BEGIN_READ).execute();
      try {
        return read.apply(reader.connection);
      } finally {
        reader.prepared(Sql.COMMIT).execute();
      }
    } catch (SQLException e) {
      throw failed(e);
    } finally {
      giveBack(reader);
    }
  }

  /** Runs the single statement {@code sql} (constant SQL: it stays prepared on the connection) through {@code query}. */
  <T> T query(String sql, Query<T> query) {
    Reader reader = borrow();
    try {
      PreparedStatement statement = reader.prepared(sql);
      try {
        return query.apply(statement);
      } finally {
        statement.clearParameters();
      }
    } catch (SQLException e) {
      throw failed(e);
    } finally {
      giveBack(reader);
    }
  }

  private SkiffException failed(SQLException e) {
    return new SkiffException.Unavailable("reading " + description + " failed: " + e.getMessage(), e);
  }

  private Reader borrow() {
    if (closed) {
      throw new SkiffException.Unavailable("the store is closed", null);
    }
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while waiting for a read connection", e);
    }
  }

  private void giveBack(Reader reader) {
    idle.add(reader);
    if (closed) {
      close();
    }
  }

  /** Closes the idle connections now and the borrowed ones when they come back. */
  @Override
  public void close() {
    closed = true;
    List<Reader> drained = new ArrayList<>();
    idle.drainTo(drained);
    drained.forEach(Reader::close);
  }
}
