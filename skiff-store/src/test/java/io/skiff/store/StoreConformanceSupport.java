package io.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the {@link StoreConformance} suite: one fresh store per test in a temporary directory, a per-test
 * key prefix, and small helpers that turn results into comparable values.
 */
public abstract class StoreConformanceSupport {

  /** How long a test waits for one watch event before failing. */
  protected static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  protected Path dir;

  /** The store under test; tests may replace it (see {@link #reopenStore()}). */
  protected Store store;

  private final String root = "/conformance/" + UUID.randomUUID().toString().substring(0, 8) + "/";

  /** A new, empty store that keeps whatever files it needs in {@code dir}. */
  protected abstract Store newStore(Path dir);

  /**
   * The store again over the state a closed store left in {@code dir}. Stores that keep nothing across a reopen
   * leave this as it is, and the durability tests are skipped for them.
   */
  protected Store reopen(Path dir) {
    Assumptions.abort("this store keeps nothing across a reopen");
    throw new IllegalStateException("unreachable");
  }

  @BeforeEach
  void openStore() {
    store = newStore(dir);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** Closes the store and opens it again over the same state. */
  protected void reopenStore() {
    store.close();
    store = null;
    store = reopen(dir);
  }

  /** The full key for a test-local name. */
  protected String key(String name) {
    return root + name;
  }

  protected WriteResult create(String name, String value) {
    return store.create(key(name), bytes(value));
  }

  protected WriteResult update(String name, String value, long expectedModRevision) {
    return store.update(key(name), bytes(value), expectedModRevision);
  }

  /** The test-local names of a page's items. */
  protected List<String> names(ListResult result) {
    return result.items().stream().map(kv -> kv.key().substring(root.length())).toList();
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  protected static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The written version, failing the test when the write was refused. */
  protected static KeyValue ok(WriteResult result) {
    assertThat(result).isInstanceOf(WriteResult.Ok.class);
    return ((WriteResult.Ok) result).kv();
  }

  /** The current value a refused write reported, failing the test when the write happened. */
  protected static Optional<KeyValue> conflict(WriteResult result) {
    assertThat(result).isInstanceOf(WriteResult.Conflict.class);
    return ((WriteResult.Conflict) result).current();
  }

  /** A {@link KeyValue} with its value as text, so that versions compare by content. */
  protected record Version(String key, String value, long createRevision, long modRevision) {}

  protected static Version version(KeyValue kv) {
    return new Version(kv.key(), text(kv.value()), kv.createRevision(), kv.modRevision());
  }

  /** The next {@code n} events, failing when one does not come within {@link #EVENT_TIMEOUT}. */
  protected static List<WatchEvent> take(Watch watch, int n) throws InterruptedException {
    List<WatchEvent> events = new ArrayList<>();
    while (events.size() < n) {
      Optional<WatchEvent> next = watch.poll(EVENT_TIMEOUT);
      if (next.isEmpty()) {
        throw new AssertionError("expected " + n + " events but got " + events.size() + " (closed: " + watch.isClosed() + "): " + events);
      }
      events.add(next.get());
    }
    return events;
  }

  /** Checks that no further event is waiting (a short wait: it can only miss a late extra event, never fail wrongly). */
  protected static void assertNoMoreEvents(Watch watch) throws InterruptedException {
    assertThat(watch.poll(Duration.ofMillis(100))).isEmpty();
  }
}
