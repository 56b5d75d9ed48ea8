package io.skiff.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.store.KeyValue;
import io.skiff.store.Store;
import io.skiff.store.StoreConformance;
import io.skiff.store.Watch;
import io.skiff.store.WriteResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SqliteStoreTest extends StoreConformance {

  private Path file() {
    return dir.resolve("data/store.db");
  }

  @Override
  protected Store newStore(Path dir) {
    return SqliteStore.open(file());
  }

  @Override
  protected Store reopen(Path dir) {
    return SqliteStore.open(file());
  }

  private long query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void connectionsUseWalWithFullSynchronousCommits() throws SQLException {
    try (Connection writer = new Connections(dir.resolve("other.db"), SqliteStoreOptions.defaults()).openWriter();
         Statement s = writer.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
      try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
        rs.next();
        assertThat(rs.getInt(1)).as("2 is FULL").isEqualTo(2);
      }
    }
  }

  @Test
  void compactionDeletesSupersededAndDeletedRowsFromTheLog() throws SQLException {
    KeyValue a = ok(create("a", "1"));
    ok(update("a", "2", a.modRevision()));
    ok(create("b", "1"));
    ok(store.delete(key("b"), 0));
    ok(create("c", "1"));
    assertThat(query("SELECT COUNT(*) FROM kv_log")).isEqualTo(5);
    store.compact(store.currentRevision());
    assertThat(query("SELECT COUNT(*) FROM kv_log")).as("the newest rows of a and c").isEqualTo(2);
    assertThat(query("SELECT value FROM kv_meta WHERE name = 'compacted_revision'")).isEqualTo(store.currentRevision());
  }

  @Test
  void aWatcherThatLetsItsQueueOverflowIsClosedWhileOthersGoOn() throws InterruptedException {
    store.close();
    store = SqliteStore.open(file(), SqliteStoreOptions.defaults().withWatchQueueCapacity(3));
    Watch slow = store.watch(key(""), store.currentRevision());
    Watch other = store.watch(key("x/"), store.currentRevision());
    for (int i = 0; i < 4; i++) {
      ok(create("k" + i, "v"));
    }
    ok(create("x/1", "v"));
    assertThat(slow.isClosed()).isTrue();
    assertThat(slow.poll(Duration.ofSeconds(5))).isEmpty();
    assertThat(take(other, 1)).extracting(e -> e.kv().key()).containsExactly(key("x/1"));
  }

  @Test
  void closeAnswersEveryQueuedWriteAndKeepsTheAcknowledgedOnes() throws Exception {
    List<Future<WriteResult>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        String name = "q/" + i;
        results.add(pool.submit(() -> create(name, "v")));
      }
      store.close();
    }
    List<String> acknowledged = new ArrayList<>();
    for (Future<WriteResult> f : results) {
      try {
        acknowledged.add(ok(f.get()).key());
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(SkiffException.Unavailable.class);
      }
    }
    store = SqliteStore.open(file());
    assertThat(store.list(key("q/"), 0, 0, null).items()).extracting(KeyValue::key).containsExactlyInAnyOrderElementsOf(acknowledged);
  }

  @Test
  void aFileWithANewerSchemaIsRefused() throws SQLException {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = " + (Sql.SCHEMA_VERSION + 1));
    }
    assertThatThrownBy(() -> store = SqliteStore.open(file())).isInstanceOf(SkiffException.Unavailable.class)
        .hasMessageContaining("schema version");
  }

  @Test
  void prefixRangesEndJustAfterThePrefix() {
    assertThat(KeyRange.endOfPrefix("/a/")).isEqualTo("/a0");
    assertThat(KeyRange.endOfPrefix("")).isNull();
    assertThat(KeyRange.endOfPrefix("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(KeyRange.endOfPrefix("a" + Character.toString(Character.MAX_CODE_POINT))).isEqualTo("b");
  }
}
