package io.skiff.store.sqlite;

import io.skiff.store.KeyValue;
import io.skiff.store.WriteResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link SqliteStoreCrashIT}: creates keys from several writer threads and prints
 * {@code ACK <key> <revision>} for each create once {@code create} has returned (one autoflushed line per call). It stops by itself after a bounded
 * number of writes or two minutes, should nobody kill it.
 */
final class CrashTestWriter {
  static final int WRITERS = 4;
  static final int MAX_WRITES_EACH = 25_000;
  static final Duration MAX_RUN = Duration.ofMinutes(2);

  public static void main(String[] args) throws InterruptedException {
    Path file = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
    Instant deadline = Instant.now().plus(MAX_RUN);
    try (SqliteStore store = SqliteStore.open(file)) {
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < MAX_WRITES_EACH && Instant.now().isBefore(deadline); i++) {
            String key = "/crash/" + writer + "-" + i;
            if (store.create(key, ("value-" + i).getBytes()) instanceof WriteResult.Ok(KeyValue kv)) {
              out.println("ACK " + key + " " + kv.modRevision());
            } else {
              throw new IllegalStateException("create of a fresh key " + key + " conflicted");
            }
          }
        }));
      }
      for (Thread t : writers) {
        t.join();
      }
    }
  }
}
