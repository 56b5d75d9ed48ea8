package io.skiff.store.sqlite;

import io.skiff.common.SkiffException;
import io.skiff.store.CompactedException;
import io.skiff.store.KeyValue;
import io.skiff.store.ListResult;
import io.skiff.store.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The store's reads, each in one snapshot of the log table taken from the {@link ReadPool}. */
final class LogReader {
  private final ReadPool pool;

  LogReader(ReadPool pool) {
    this.pool = pool;
  }

  Optional<KeyValue> get(String key) {
    return pool.query(Sql.LATEST_ROW, query -> latest(query, key)).filter(row -> !row.deleted()).map(Row::keyValue);
  }

  ListResult list(String prefix, long revision, int limit, String startAfter) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    KeyRange range = KeyRange.of(prefix, startAfter);
    return pool.read(connection -> {
      long at = readableRevision(connection, revision);
      List<KeyValue> items = new ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement(Sql.list(range))) {
        int next = range.bind(query, 1);
        query.setLong(next++, at);
        query.setLong(next, limit == 0 ? -1 : limit + 1L);
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            items.add(Row.read(rs).keyValue());
          }
        }
      }
      boolean more = limit > 0 && items.size() > limit;
      return new ListResult(more ? items.subList(0, limit) : items, at, more);
    });
  }

  long count(String prefix) {
    KeyRange range = KeyRange.of(prefix, null);
    return pool.read(connection -> {
      try (PreparedStatement query = connection.prepareStatement(Sql.count(range))) {
        int next = range.bind(query, 1);
        query.setLong(next, currentRevision(connection));
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /** The events for a watch's replay; see {@link io.skiff.store.broadcast.EventReplay}. */
  List<WatchEvent> replay(String prefix, long afterRevision, long upToRevision, int max) {
    KeyRange range = KeyRange.of(prefix, null);
    return pool.read(connection -> {
      long compacted = compactedRevision(connection);
      if (afterRevision < compacted) {
        throw new CompactedException(afterRevision, compacted);
      }
      List<WatchEvent> events = new ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement(Sql.replay(range))) {
        query.setLong(1, afterRevision);
        query.setLong(2, upToRevision);
        int next = range.bind(query, 3);
        query.setInt(next, max);
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            events.add(Row.read(rs).event());
          }
        }
      }
      return events;
    });
  }

  /** The newest row of {@code key}, deleted or not, read with {@code query} (a prepared {@link Sql#LATEST_ROW}). */
  private static Optional<Row> latest(PreparedStatement query, String key) throws SQLException {
    query.setString(1, key);
    try (ResultSet rs = query.executeQuery()) {
      return rs.next() ? Optional.of(Row.read(rs)) : Optional.empty();
    }
  }

  static long currentRevision(Connection connection) throws SQLException {
    return singleLong(connection, Sql.CURRENT_REVISION);
  }

  static long compactedRevision(Connection connection) throws SQLException {
    return singleLong(connection, Sql.COMPACTED_REVISION);
  }

  private static long readableRevision(Connection connection, long requested) throws SQLException {
    long current = currentRevision(connection);
    if (requested == 0) {
      return current;
    }
    long compacted = compactedRevision(connection);
    if (requested < compacted) {
      throw new CompactedException(requested, compacted);
    }
    if (requested > current) {
      throw new SkiffException.BadRequest("revision " + requested + " is newer than the current revision " + current);
    }
    return requested;
  }

  private static long singleLong(Connection connection, String sql) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
