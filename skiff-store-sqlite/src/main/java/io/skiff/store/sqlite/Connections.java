package io.skiff.store.sqlite;

import io.skiff.common.SkiffException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to the database file with the settings the store relies on: WAL (readers never block the
 * writer), {@code synchronous=FULL} (a commit is on disk when it returns, so an acknowledged write survives a killed
 * process and a power loss), and a busy timeout. Transactions are begun and ended with explicit statements.
 */
final class Connections {
  private final Path file;
  private final SqliteStoreOptions options;

  Connections(Path file, SqliteStoreOptions options) {
    this.file = file;
    this.options = options;
  }

  /** The writer's connection, after creating or checking the schema. */
  Connection openWriter() throws SQLException {
    Connection connection = open();
    try (Statement statement = connection.createStatement()) {
      int version;
      try (ResultSet rs = statement.executeQuery(Sql.SCHEMA_VERSION_QUERY)) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version > Sql.SCHEMA_VERSION) {
        connection.close();
        throw new SkiffException.Unavailable("the store file " + file + " has schema version " + version
            + ", newer than this skiff understands (" + Sql.SCHEMA_VERSION + ")", null);
      }
      statement.execute(Sql.BEGIN_WRITE);
      for (String ddl : Sql.SCHEMA) {
        statement.execute(ddl);
      }
      statement.execute(Sql.COMMIT);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** A connection that may only read. */
  Connection openReader() throws SQLException {
    Connection connection = open();
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA query_only = true");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  private Connection open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) options.busyTimeout().toMillis());
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
  }

  Path file() {
    return file;
  }
}
