package io.skiff.store.sqlite;

import io.skiff.store.KeyValue;
import io.skiff.store.WatchEvent;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of the log table.
 *
 * @param id             the revision of the write
 * @param name           the key
 * @param created        whether this write created the key
 * @param deleted        whether this write deleted the key ({@code value} is then the deleted value)
 * @param createRevision the revision that created this incarnation of the key
 * @param value          the value written (or deleted)
 */
record Row(long id, String name, boolean created, boolean deleted, long createRevision, byte[] value) {

  /** Reads the row at the cursor of a result set selecting id, name, created, deleted, create_revision, value. */
  static Row read(ResultSet rs) throws SQLException {
    byte[] value = rs.getBytes(6);
    return new Row(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0, rs.getLong(5),
        value == null ? new byte[0] : value);
  }

  KeyValue keyValue() {
    return new KeyValue(name, value, createRevision, id);
  }

  WatchEvent event() {
    WatchEvent.Type type = deleted ? WatchEvent.Type.DELETED : created ? WatchEvent.Type.CREATED : WatchEvent.Type.UPDATED;
    return new WatchEvent(type, keyValue());
  }
}
