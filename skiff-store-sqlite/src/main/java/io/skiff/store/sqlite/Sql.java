package io.skiff.store.sqlite;

import java.util.List;

/**
 * Every SQL statement of the store, in one place. The log table is append-only apart from compaction: a row per
 * write, whose id is the write's revision. A key's current version is its row with the highest id, unless that row
 * is a deletion; a deletion row carries the value that was deleted.
 */
final class Sql {
  private Sql() {}

  /** Bumped when the schema changes; a file written by a newer schema is refused. */
  static final int SCHEMA_VERSION = 1;

  static final List<String> SCHEMA = List.of(
      """
      CREATE TABLE IF NOT EXISTS kv_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        create_revision INTEGER NOT NULL,
        prev_revision INTEGER NOT NULL,
        value BLOB NOT NULL)""",
      "CREATE INDEX IF NOT EXISTS kv_log_name_id ON kv_log (name, id)",
      "CREATE TABLE IF NOT EXISTS kv_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
      "PRAGMA user_version = " + SCHEMA_VERSION);

  static final String SCHEMA_VERSION_QUERY = "PRAGMA user_version";

  static final String BEGIN_READ = "BEGIN";
  static final String BEGIN_WRITE = "BEGIN IMMEDIATE";
  static final String COMMIT = "COMMIT";
  static final String ROLLBACK = "ROLLBACK";

  /** The newest revision ever handed out (it survives the deletion of its row by compaction). */
  static final String CURRENT_REVISION = "SELECT seq FROM sqlite_sequence WHERE name = 'kv_log'";

  static final String COMPACTED_REVISION = "SELECT value FROM kv_meta WHERE name = 'compacted_revision'";

  static final String SET_COMPACTED_REVISION = """
      INSERT INTO kv_meta (name, value) VALUES ('compacted_revision', ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value""";

  private static final String COLUMNS = "id, name, created, deleted, create_revision, value";

  static final String LATEST_ROW = "SELECT " + COLUMNS + " FROM kv_log WHERE name = ? ORDER BY id DESC LIMIT 1";

  static final String INSERT = """
      INSERT INTO kv_log (id, name, created, deleted, create_revision, prev_revision, value)
      VALUES (?, ?, ?, ?, ?, ?, ?)""";

  /**
   * Deletes, at or below the compaction revision (parameters 1 and 2), every deletion row and every row that a
   * later row at or below it replaced; the newest row of each key that still exists there stays.
   */
  static final String COMPACT = """
      DELETE FROM kv_log WHERE id <= ? AND (deleted = 1 OR id IN (
        SELECT prev_revision FROM kv_log WHERE id <= ? AND prev_revision > 0))""";

  /**
   * The live keys in a range at a revision, in key order; parameters: the range, the revision, the limit. The
   * ordered subquery and the CROSS JOIN keep SQLite walking the (name, id) index in order, without a sort, so a page
   * costs its own size rather than the whole range.
   */
  static String list(KeyRange range) {
    return "SELECT l.id, l.name, l.created, l.deleted, l.create_revision, l.value FROM ("
        + latestIdsAtRevision(range) + " ORDER BY name) m CROSS JOIN kv_log l ON l.id = m.id"
        + " WHERE l.deleted = 0 ORDER BY m.name LIMIT ?";
  }

  /** The number of live keys in a range at a revision; parameters: the range, the revision. */
  static String count(KeyRange range) {
    return "SELECT COUNT(*) FROM (" + latestIdsAtRevision(range) + ") m CROSS JOIN kv_log l ON l.id = m.id"
        + " WHERE l.deleted = 0";
  }

  /** The rows in a range with a revision in (after, upTo], oldest first; parameters: after, upTo, the range, limit. */
  static String replay(KeyRange range) {
    return "SELECT " + COLUMNS + " FROM kv_log WHERE id > ? AND id <= ? AND " + range.sql() + " ORDER BY id LIMIT ?";
  }

  private static String latestIdsAtRevision(KeyRange range) {
    return "SELECT name, MAX(id) AS id FROM kv_log WHERE " + range.sql() + " AND id <= ? GROUP BY name";
  }
}
