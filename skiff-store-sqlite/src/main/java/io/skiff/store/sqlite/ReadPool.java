package io.skiff.store.sqlite;

import io.skiff.common.SkiffException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed pool of read connections. {@link #read} runs a function in one read transaction, so that every query in
 * it sees the same snapshot of the database.
 */
final class ReadPool implements AutoCloseable {

  /** A read that may throw SQL errors; the pool turns them into {@link SkiffException.Unavailable}. */
  @FunctionalInterface
  interface Read<T> {
    T apply(Connection connection) throws SQLException;
  }

  private final BlockingQueue<Connection> idle;
  private final String description;
  private volatile boolean closed;

  ReadPool(Connections connections, int size) throws SQLException {
    this.idle = new ArrayBlockingQueue<>(size);
    this.description = "the store file " + connections.file();
    try {
      for (int i = 0; i < size; i++) {
        idle.add(connections.openReader());
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  /** Runs {@code read} inside one read transaction on a pooled connection. */
  <T> T read(Read<T> read) {
    Connection connection = borrow();
    try (Statement statement = connection.createStatement()) {
      statement.execute(Sql.BEGIN_READ);
      try {
        return read.apply(connection);
      } finally {
        statement.execute(Sql.COMMIT);
      }
    } catch (SQLException e) {
      throw new SkiffException.Unavailable("reading " + description + " failed: " + e.getMessage(), e);
    } finally {
      giveBack(connection);
    }
  }

  private Connection borrow() {
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

  private void giveBack(Connection connection) {
    idle.add(connection);
    if (closed) {
      close();
    }
  }

  /** Closes the idle connections now and the borrowed ones when they come back. */
  @Override
  public void close() {
    closed = true;
    List<Connection> drained = new ArrayList<>();
    idle.drainTo(drained);
    drained.forEach(ReadPool::closeQuietly);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a read connection can only fail if it is already unusable; nothing is lost.
    }
  }
}
