package io.skiff.store.sqlite;

import io.skiff.store.KeyOrder;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The keys a list, count or watch covers, as bounds on the {@code name} column so that SQLite can walk its index.
 * SQLite compares text by its UTF-8 bytes, which is {@link KeyOrder}.
 *
 * @param from          the lower bound
 * @param fromInclusive whether {@code from} itself is in the range
 * @param until         the exclusive upper bound, or {@code null} for none
 */
record KeyRange(String from, boolean fromInclusive, String until) {

  /** The keys starting with {@code prefix} and, when {@code startAfter} is not null, greater than it. */
  static KeyRange of(String prefix, String startAfter) {
    String until = endOfPrefix(prefix);
    if (startAfter != null && KeyOrder.compare(startAfter, prefix) >= 0) {
      return new KeyRange(startAfter, false, until);
    }
    return new KeyRange(prefix, true, until);
  }

  String sql() {
    return (fromInclusive ? "name >= ?" : "name > ?") + (until == null ? "" : " AND name < ?");
  }

  /** Binds this range's parameters from {@code index} on; returns the next free index. */
  int bind(PreparedStatement statement, int index) throws SQLException {
    statement.setString(index++, from);
    if (until != null) {
      statement.setString(index++, until);
    }
    return index;
  }

  /** The smallest string greater than every string starting with {@code prefix}; null when there is none. */
  static String endOfPrefix(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      int next = codePoints[i] + 1;
      if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        codePoints[i] = next;
        return new String(codePoints, 0, i + 1);
      }
    }
    return null;
  }
}
